package dev.pcdarts.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The search split of a training set into a weight half and an architecture half, and the
 * per-class samples of the ImageNet search (10 % / 2.5 % of each class).
 */
public final class Splits {
    private Splits() {}

    /** Two disjoint parts: the weights' and the architecture's. */
    public record Pair(Subset weights, Subset arch) {}

    /**
     * The reference's split: the first {@code portion} of the set trains the weights, the rest
     * the architecture; with {@code seed} non-null the set is shuffled first.
     */
    public static Pair search(ImageSet set, double portion, Long seed) {
        if (portion <= 0 || portion >= 1) throw new IllegalArgumentException("train portion must be in (0, 1), got " + portion);
        int n = set.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (seed != null) shuffle(order, new SplittableRandom(seed));
        int cut = (int) Math.floor(portion * n);
        if (cut < 1 || cut >= n) throw new IllegalArgumentException("a split of " + n + " images at " + portion + " leaves a part empty");
        return new Pair(new Subset(set, java.util.Arrays.copyOfRange(order, 0, cut), set.info().name() + "-weights"),
                new Subset(set, java.util.Arrays.copyOfRange(order, cut, n), set.info().name() + "-arch"));
    }

    /**
     * A seeded sample of {@code fraction} of every class (at least one image of each non-empty
     * class), in index order; {@code exclude} lists indices already taken by another sample.
     */
    public static int[] perClass(ImageSet set, double fraction, long seed, int[] exclude) {
        if (fraction <= 0 || fraction > 1) throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        boolean[] taken = new boolean[set.size()];
        if (exclude != null) for (int i : exclude) taken[i] = true;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < set.info().classes(); c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < set.size(); i++) if (!taken[i]) byClass.get(set.label(i)).add(i);
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> out = new ArrayList<>();
        long[] classSize = set.histogram();
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> members = byClass.get(c);
            if (members.isEmpty()) continue;
            int[] m = members.stream().mapToInt(Integer::intValue).toArray();
            shuffle(m, rnd);
            // a share of the whole class, as the reference's 10% and 2.5% of ImageNet train, whatever was excluded first
            int k = Math.min(m.length, Math.max(1, (int) Math.round(fraction * classSize[c])));
            for (int j = 0; j < k; j++) out.add(m[j]);
        }
        return out.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static void shuffle(int[] a, SplittableRandom r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
