package dev.pcdarts.cli;

import dev.pcdarts.nas.loop.TrainListener;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** metrics.arrow: the rows of metrics.csv as an Arrow IPC file (pyarrow / pandas read it directly). */
final class MetricsArrow {
    private MetricsArrow() {}

    private static Field f(String name, ArrowType t) {
        return new Field(name, FieldType.nullable(t), null);
    }

    static void write(Path out, List<TrainListener.StepStats> steps, List<TrainListener.EpochStats> epochs) throws IOException {
        ArrowType i32 = new ArrowType.Int(32, true);
        ArrowType f64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        Schema schema = new Schema(List.of(f("kind", ArrowType.Utf8.INSTANCE), f("epoch", i32), f("step", i32), f("loss", f64), f("top1", f64),
                f("top5", f64), f("lr", f64), f("valid_loss", f64), f("valid_top1", f64), f("valid_top5", f64), f("seconds", f64)));
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        int rows = steps.size() + epochs.size();
        try (BufferAllocator alloc = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
            root.allocateNew();
            VarCharVector kind = (VarCharVector) root.getVector("kind");
            int r = 0;
            for (TrainListener.StepStats s : steps) {
                kind.setSafe(r, "step".getBytes(StandardCharsets.UTF_8));
                ((IntVector) root.getVector("epoch")).setSafe(r, s.epoch());
                ((IntVector) root.getVector("step")).setSafe(r, s.step());
                set(root, "loss", r, s.loss());
                set(root, "top1", r, s.top1());
                set(root, "top5", r, s.top5());
                set(root, "seconds", r, s.seconds());
                r++;
            }
            for (TrainListener.EpochStats e : epochs) {
                kind.setSafe(r, "epoch".getBytes(StandardCharsets.UTF_8));
                ((IntVector) root.getVector("epoch")).setSafe(r, e.epoch());
                set(root, "loss", r, e.trainLoss());
                set(root, "top1", r, e.trainTop1());
                set(root, "top5", r, e.trainTop5());
                set(root, "lr", r, e.lr());
                set(root, "valid_loss", r, e.validLoss());
                set(root, "valid_top1", r, e.validTop1());
                set(root, "valid_top5", r, e.validTop5());
                set(root, "seconds", r, e.seconds());
                r++;
            }
            root.setRowCount(rows);
            w.start();
            w.writeBatch();
            w.end();
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void set(VectorSchemaRoot root, String col, int row, double v) {
        if (!Double.isNaN(v)) ((Float8Vector) root.getVector(col)).setSafe(row, v);
    }
}
