package dev.pcdarts.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pcdarts.datasets.augment.CifarTransform;
import dev.pcdarts.datasets.augment.ImageNetTransform;
import dev.pcdarts.datasets.loader.LoadedBatch;
import dev.pcdarts.datasets.loader.Loader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Augmentation pixel by pixel on hand-computed cases, and loader determinism across thread counts. */
class AugmentTest {
    /** One grey channel, normalised with mean 0 and std 1/255 so outputs equal the byte values. */
    private static DatasetInfo grey(int h, int w) {
        return new DatasetInfo("t", h, w, 1, List.of("a", "b"), new float[] {0f}, new float[] {1f / 255f});
    }

    private static final byte[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    /** The first seed whose draws satisfy {@code want} (the draws are documented on CifarTransform). */
    private static long seedWhere(Predicate<SplittableRandom> want) {
        for (long s = 0; s < 100_000; s++) if (want.test(new SplittableRandom(s))) return s;
        fail("no seed found");
        return -1;
    }

    private static float[] apply(CifarTransform t, byte[] img, DatasetInfo info, long seed) {
        float[] out = new float[info.imageBytes()];
        t.apply(img, info, out, 0, new SplittableRandom(seed));
        return out;
    }

    @Test
    void cropAtTheTopLeftCornerShiftsInZeros() {
        long seed = seedWhere(r -> r.nextInt(3) == 0 && r.nextInt(3) == 0 && r.nextDouble() >= 0.5);
        float[] out = apply(new CifarTransform(1, true, 0), NINE, grey(3, 3), seed);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5}, out);
    }

    @Test
    void cropDownwardThenFlip() {
        long seed = seedWhere(r -> r.nextInt(3) == 2 && r.nextInt(3) == 1 && r.nextDouble() < 0.5);
        float[] out = apply(new CifarTransform(1, true, 0), NINE, grey(3, 3), seed);
        assertArrayEquals(new float[] {6, 5, 4, 9, 8, 7, 0, 0, 0}, out);
    }

    @Test
    void padZeroIsNormalisedLikeABlackPixel() {
        DatasetInfo info = new DatasetInfo("t", 3, 3, 1, List.of("a", "b"), new float[] {0.5f}, new float[] {0.25f});
        long seed = seedWhere(r -> r.nextInt(3) == 0 && r.nextInt(3) == 0 && r.nextDouble() >= 0.5);
        float[] out = apply(new CifarTransform(1, true, 0), NINE, info, seed);
        assertEquals(-2f, out[0], 1e-6f); // (0 − 0.5)/0.25
        assertEquals((1 / 255f - 0.5f) / 0.25f, out[4], 1e-6f);
    }

    @Test
    void cutoutBoxesAreClippedAtTheBorders() {
        byte[] img = new byte[16];
        Arrays.fill(img, (byte) 7);
        DatasetInfo info = grey(4, 4);
        CifarTransform cut = new CifarTransform(0, false, 2);
        float[] corner = apply(cut, img, info, seedWhere(r -> r.nextInt(4) == 0 && r.nextInt(4) == 0));
        float[] want = new float[16];
        Arrays.fill(want, 7);
        want[0] = 0; // rows [−1, 1) ∩ [0, 4), columns likewise: only (0, 0)
        assertArrayEquals(want, corner);
        float[] far = apply(cut, img, info, seedWhere(r -> r.nextInt(4) == 3 && r.nextInt(4) == 3));
        Arrays.fill(want, 7);
        for (int y = 2; y < 4; y++) for (int x = 2; x < 4; x++) want[y * 4 + x] = 0; // rows and columns [2, 4)
        assertArrayEquals(want, far);
    }

    @Test
    void evaluationTransformOnlyNormalises() {
        float[] out = apply(CifarTransform.eval(), NINE, grey(3, 3), 123);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, out);
    }

    private static InMemoryImageSet rgbSet(int n, int hw) {
        byte[] px = Files4Test.random(4, n * hw * hw * 3);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        DatasetInfo info = new DatasetInfo("rgb", hw, hw, 3, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
                new float[] {0.5f, 0.4f, 0.3f}, new float[] {0.2f, 0.25f, 0.3f});
        return new InMemoryImageSet(info, px, y, "rgb");
    }

    private static List<LoadedBatch> epochs(Loader<LoadedBatch> l, int epochs) {
        List<LoadedBatch> out = new ArrayList<>();
        for (int e = 0; e < epochs; e++) for (Iterator<LoadedBatch> it = l.epoch(e); it.hasNext(); ) out.add(it.next());
        return out;
    }

    @Test
    void loaderGivesTheSameBatchesWithOneAndFourThreads() {
        InMemoryImageSet set = rgbSet(53, 32);
        List<List<LoadedBatch>> runs = new ArrayList<>();
        for (int threads : new int[] {0, 1, 4}) {
            try (Loader<LoadedBatch> l = Loader.plain(set, CifarTransform.train(true), new Loader.Options(8, true, false, threads, 3, 11))) {
                assertEquals(7, l.batchesPerEpoch());
                runs.add(epochs(l, 2));
            }
        }
        for (List<LoadedBatch> r : runs.subList(1, 3)) {
            assertEquals(runs.get(0).size(), r.size());
            for (int b = 0; b < r.size(); b++) {
                assertArrayEquals(runs.get(0).get(b).x(), r.get(b).x(), "batch " + b);
                assertArrayEquals(runs.get(0).get(b).y(), r.get(b).y(), "batch " + b);
            }
        }
        // each epoch visits every image once, in a different order
        int[] e0 = runs.get(0).subList(0, 7).stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
        int[] e1 = runs.get(0).subList(7, 14).stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
        assertNotEquals(Arrays.toString(e0), Arrays.toString(e1));
        Arrays.sort(e0);
        for (int i = 0; i < 53; i++) assertEquals(i, e0[i]);
    }

    @Test
    void dropLastAndImageNetTransformsAreDeterministicToo() {
        InMemoryImageSet set = rgbSet(20, 40);
        try (Loader<LoadedBatch> a = Loader.plain(set, ImageNetTransform.train(24), new Loader.Options(6, true, true, 1, 2, 5));
             Loader<LoadedBatch> b = Loader.plain(set, ImageNetTransform.train(24), new Loader.Options(6, true, true, 4, 4, 5))) {
            assertEquals(3, a.batchesPerEpoch());
            List<LoadedBatch> x = epochs(a, 1);
            List<LoadedBatch> y = epochs(b, 1);
            for (int i = 0; i < x.size(); i++) assertArrayEquals(x.get(i).x(), y.get(i).x());
            assertEquals(24, x.get(0).h());
        }
        try (Loader<LoadedBatch> ev = Loader.plain(set, ImageNetTransform.eval(24), new Loader.Options(20, false, false, 0, 1, 5))) {
            LoadedBatch batch = ev.epoch(0).next();
            byte[] img = new byte[40 * 40 * 3];
            set.read(0, img, 0);
            // centre crop 24 of 40: offset 8; pixel (0, 0) of channel 0
            assertEquals(((img[(8 * 40 + 8) * 3] & 0xff) / 255f - 0.5f) / 0.2f, batch.x()[0], 1e-6f);
        }
    }
}
