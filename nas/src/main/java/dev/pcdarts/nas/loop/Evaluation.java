package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.autograd.GradMode;
import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.ops.LossOps;
import dev.pcdarts.engine.tensor.Tensor;
import java.util.Iterator;
import java.util.function.Function;

/** Evaluation without gradients in eval mode: loss, top-1, top-5 and the confusion matrix. */
public final class Evaluation {
    /** Percentages as the reference reports them; confusion[target][predicted]. */
    public record Result(double loss, double top1, double top5, long[][] confusion, int images) {}

    private Evaluation() {}

    public static Result run(Backend b, Module model, Function<Tensor, Tensor> logitsOf, BatchSource source, int epoch, int classes) {
        boolean wasTraining = model.isTraining();
        model.train(false);
        Metrics.Mean loss = new Metrics.Mean();
        long top1 = 0;
        long top5 = 0;
        int images = 0;
        long[][] confusion = new long[classes][classes];
        try (var s = GradMode.noGrad()) {
            for (Iterator<HostBatch> it = source.epoch(epoch); it.hasNext(); ) {
                HostBatch hb = it.next();
                Batch batch = hb.toDevice(b);
                Tensor logits = logitsOf.apply(batch.x());
                float l = LossOps.crossEntropy(logits, batch.y(), 0f).item();
                float[] v = logits.toArray();
                loss.add(l, hb.n());
                top1 += Metrics.correctTopK(v, hb.y(), classes, 1);
                top5 += Metrics.correctTopK(v, hb.y(), classes, Math.min(5, classes));
                images += hb.n();
                for (int r = 0; r < hb.n(); r++) {
                    int best = 0;
                    for (int j = 1; j < classes; j++) if (v[r * classes + j] > v[r * classes + best]) best = j;
                    confusion[hb.y()[r]][best]++;
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Result(loss.mean(), 100.0 * top1 / images, 100.0 * top5 / images, confusion, images);
    }
}
