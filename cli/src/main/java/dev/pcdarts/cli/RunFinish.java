package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.train.DivergenceException;
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

    static <T> T guard(RunDirectory run, Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (DivergenceException e) {
            throw new DivergenceException("training diverged: " + e.getMessage() + "; the last good checkpoint is kept in "
                    + run.checkpoint() + " (try a lower --lr)");
        }
    }
}
