package dev.pcdarts.datasets.readers;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.DatasetInfo;
import dev.pcdarts.datasets.ImageSet;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.imageio.ImageIO;

/**
 * ImageNet-style class folders ({@code root/<class>/<image>.jpg|png}), classes in sorted
 * folder order. Images are decoded on read, their shorter side resized to {@code resize}
 * (bilinear) and centre-cropped to {@code size}×{@code size} RGB.
 */
public final class ImageFolderSet implements ImageSet {
    private static final Logger LOG = Logger.getLogger(ImageFolderSet.class.getName());
    private final Path root;
    private final List<Path> files;
    private final int[] labels;
    private final DatasetInfo info;
    private final int resize;
    private static final String ROOT_HEADER = "# root ";
    private static final String CLASS_HEADER = "# class ";

    private ImageFolderSet(Path root, List<Path> files, int[] labels, DatasetInfo info, int resize) {
        this.root = root;
        this.files = files;
        this.labels = labels;
        this.info = info;
        this.resize = resize;
    }

    /**
     * Scans {@code root}. With {@code skipBad} every image is decoded once now and those that
     * fail are left out with a warning; otherwise a bad image fails the read that meets it.
     */
    public static ImageFolderSet open(Path root, int resize, int size, boolean skipBad) {
        if (!Files.isDirectory(root)) throw DataException.of(root, "no such folder");
        if (resize < size) throw new IllegalArgumentException("resize (" + resize + ") must be at least the crop size (" + size + ")");
        List<Path> classDirs;
        try (var s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw DataException.of(root, "cannot list: " + e.getMessage());
        }
        if (classDirs.isEmpty()) throw DataException.of(root, "no class folders");
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path d = classDirs.get(c);
            names.add(d.getFileName().toString());
            List<Path> imgs;
            try (var s = Files.list(d)) {
                imgs = s.filter(ImageFolderSet::isImage).sorted().toList();
            } catch (IOException e) {
                throw DataException.of(d, "cannot list: " + e.getMessage());
            }
            if (imgs.isEmpty()) throw DataException.of(d, "empty class folder (no .jpg, .jpeg or .png files)");
            for (Path f : imgs) {
                if (skipBad) {
                    try {
                        decode(f);
                    } catch (DataException bad) {
                        LOG.warning("skipping " + bad.getMessage());
                        continue;
                    }
                }
                files.add(f);
                labels.add(c);
            }
        }
        return new ImageFolderSet(root, files, labels.stream().mapToInt(Integer::intValue).toArray(), info(root.getFileName().toString(), size, names), resize);
    }

    private static DatasetInfo info(String name, int size, List<String> classNames) {
        return new DatasetInfo(name, size, size, 3, classNames, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /**
     * The images of a file list that {@link #writeFileList} wrote (the ImageNet search subsets):
     * its header names the class folders' root and every class, so labels keep their meaning
     * even where a class has no image in the list.
     */
    public static ImageFolderSet fromList(Path list, int resize, int size) {
        if (resize < size) throw new IllegalArgumentException("resize (" + resize + ") must be at least the crop size (" + size + ")");
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw DataException.of(list, "cannot read: " + e.getMessage());
        }
        Path root = null;
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.startsWith(ROOT_HEADER)) {
                root = Path.of(line.substring(ROOT_HEADER.length()));
            } else if (line.startsWith(CLASS_HEADER)) {
                names.add(line.substring(CLASS_HEADER.length()));
            } else if (!line.isBlank()) {
                int cut = line.lastIndexOf(' ');
                int label = cut < 1 ? -1 : parseLabel(line.substring(cut + 1));
                if (root == null || label < 0 || label >= names.size()) {
                    throw DataException.of(list, "line " + (n + 1) + ": expected 'path label' after the root and class header lines of 'pcdarts data subsample'");
                }
                Path f = root.resolve(line.substring(0, cut));
                if (!Files.isRegularFile(f)) throw DataException.of(list, "line " + (n + 1) + ": " + f + " does not exist");
                files.add(f);
                labels.add(label);
            }
        }
        if (files.isEmpty()) throw DataException.of(list, "no images listed");
        String name = list.toAbsolutePath().getParent().getFileName() + "/" + list.getFileName();
        return new ImageFolderSet(root, files, labels.stream().mapToInt(Integer::intValue).toArray(), info(name, size, names), resize);
    }

    private static int parseLabel(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png"));
    }

    static BufferedImage decode(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw DataException.of(f, "not a readable JPEG or PNG image");
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException de) throw de;
            throw DataException.of(f, "unreadable image (" + e.getMessage() + ")");
        }
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
    public int label(int index) {
        return labels[index];
    }

    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public void read(int index, byte[] dst, int off) {
        BufferedImage img = decode(files.get(index));
        int w = img.getWidth(), h = img.getHeight();
        double scale = (double) resize / Math.min(w, h);
        int rw = Math.max(resize, (int) Math.round(w * scale)), rh = Math.max(resize, (int) Math.round(h * scale));
        BufferedImage resized = new BufferedImage(rw, rh, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, rw, rh, null);
        g.dispose();
        int s = info.height();
        int x0 = (rw - s) / 2, y0 = (rh - s) / 2;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int rgb = resized.getRGB(x0 + x, y0 + y);
                int o = off + (y * s + x) * 3;
                dst[o] = (byte) (rgb >> 16);
                dst[o + 1] = (byte) (rgb >> 8);
                dst[o + 2] = (byte) rgb;
            }
        }
    }

    /**
     * Writes "relative/path label" lines for the given images (the ImageNet search subsets) after
     * a header naming the root and every class, which {@link #fromList} reads back.
     */
    public void writeFileList(int[] indices, Path out) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(ROOT_HEADER).append(root.toAbsolutePath()).append('\n');
        for (String c : info.classNames()) b.append(CLASS_HEADER).append(c).append('\n');
        for (int i : indices) b.append(root.relativize(files.get(i)).toString().replace('\\', '/')).append(' ').append(labels[i]).append('\n');
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) ch.write(bytes);
            ch.force(true);
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
