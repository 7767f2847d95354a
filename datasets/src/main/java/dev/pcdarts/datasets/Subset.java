package dev.pcdarts.datasets;

/** Some images of a set, by index (a split or a per-class sample). */
public final class Subset implements ImageSet {
    private final ImageSet base;
    private final int[] indices;
    private final DatasetInfo info;

    public Subset(ImageSet base, int[] indices, String name) {
        for (int i : indices) if (i < 0 || i >= base.size()) throw new IllegalArgumentException("subset index " + i + " outside [0, " + base.size() + ")");
        this.base = base;
        this.indices = indices.clone();
        this.info = base.info().withName(name);
    }

    public int[] indices() {
        return indices.clone();
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public void read(int index, byte[] dst, int off) {
        base.read(indices[index], dst, off);
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public boolean streaming() {
        return base.streaming();
    }

    @Override
    public int blockSize() {
        return base.blockSize();
    }
}
