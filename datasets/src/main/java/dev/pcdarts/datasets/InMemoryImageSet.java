package dev.pcdarts.datasets;

/** Images and labels held in two arrays. Labels are checked against the class count. */
public final class InMemoryImageSet implements ImageSet {
    private final DatasetInfo info;
    private final byte[] pixels;
    private final int[] labels;

    public InMemoryImageSet(DatasetInfo info, byte[] pixels, int[] labels, String source) {
        if ((long) labels.length * info.imageBytes() != pixels.length) {
            throw new DataException(source + ": " + pixels.length + " pixel bytes for " + labels.length + " images of "
                    + info.height() + "x" + info.width() + "x" + info.channels());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= info.classes()) {
                throw new DataException(source + ": label " + labels[i] + " of image " + i + " is outside [0, " + info.classes() + ")");
            }
        }
        this.info = info;
        this.pixels = pixels;
        this.labels = labels;
    }

    /** Copies any set into memory. */
    public static InMemoryImageSet copyOf(ImageSet s) {
        int b = s.info().imageBytes();
        byte[] px = new byte[Math.multiplyExact(s.size(), b)];
        int[] lb = new int[s.size()];
        for (int i = 0; i < s.size(); i++) {
            s.read(i, px, i * b);
            lb[i] = s.label(i);
        }
        return new InMemoryImageSet(s.info(), px, lb, s.info().name());
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public void read(int index, byte[] dst, int off) {
        int b = info.imageBytes();
        System.arraycopy(pixels, index * b, dst, off, b);
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    public byte[] pixels() {
        return pixels;
    }

    public int[] labels() {
        return labels;
    }
}
