package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.DivergenceException;
import java.util.concurrent.Callable;

/** What every run does at its end: drawings, and turning a divergence into a clear message. */
final class RunFinish {
    private RunFinish() {}

    static void drawCells(RunDirectory run, Genotype g) {
        run.writeText("cells/normal.svg", CellDrawing.svg(g.normal(), g.normalConcat(), "normal cell"));
        run.writeText("cells/reduction.svg", CellDrawing.svg(g.reduce(), g.reduceConcat(), "reduction cell"));
        run.writeText("cells/normal.dot", CellDrawing.dot(g.normal(), g.normalConcat()));
        run.writeText("cells/reduction.dot", CellDrawing.dot(g.reduce(), g.reduceConcat()));
    }

    /** Runs the loop; a failure to write the checkpoint (the loop's only I/O) names it, and the last good one is intact. */
    static <T> T guard(RunDirectory run, Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (DivergenceException e) {
            throw new DivergenceException("training diverged: " + e.getMessage() + "; the last good checkpoint is kept in "
                    + run.checkpoint() + " (try a lower --lr)");
        } catch (java.io.IOException e) {
            throw new RunWriteException(run.checkpoint(), "the checkpoint", e,
                    "the last good checkpoint is intact: make room, then continue with --resume " + run.dir);
        }
    }

    /** metrics.arrow from the recorded rows. */
    static void metricsArrow(RunDirectory run, RunRecorder recorder) {
        try {
            MetricsArrow.write(run.file("metrics.arrow"), recorder.steps, recorder.epochs);
        } catch (java.io.IOException e) {
            throw new RunWriteException(run.file("metrics.arrow"), "", e);
        }
    }
}
