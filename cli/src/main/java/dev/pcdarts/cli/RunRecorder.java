package dev.pcdarts.cli;

import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.train.TrainListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a run measures into its directory as it goes: metrics.csv (a row per step and
 * per epoch), the genotype and architecture weights of every epoch, log.txt; and keeps the
 * figures for report.html and metrics.arrow.
 */
final class RunRecorder implements TrainListener {
    static final String CSV_HEADER = "kind,epoch,step,loss,top1,top5,lr,valid_loss,valid_top1,valid_top5,images,seconds";
    final List<StepStats> steps = new ArrayList<>();
    final List<EpochStats> epochs = new ArrayList<>();
    private final RunDirectory run;

    RunRecorder(RunDirectory run, boolean resumed) {
        this.run = run;
        if (!resumed || !java.nio.file.Files.exists(run.file("metrics.csv"))) run.writeText("metrics.csv", CSV_HEADER + "\n");
    }

    void log(String line) {
        run.append("log.txt", java.time.LocalTime.now().withNano(0) + " " + line);
    }

    @Override
    public void onStart(int epochs, int stepsPerEpoch, int startEpoch) {
        log("start: " + epochs + " epochs of " + stepsPerEpoch + " steps, from epoch " + startEpoch);
    }

    @Override
    public void onStep(StepStats s) {
        steps.add(s);
        run.append("metrics.csv", String.format("step,%d,%d,%.6f,%.3f,%.3f,,,,,%d,%.4f", s.epoch(), s.step(), s.loss(), s.top1(), s.top5(), s.images(), s.seconds()));
    }

    @Override
    public void onCheckpoint(Path file, int nextEpoch) {
        log("checkpoint written: " + file.getFileName() + " (next epoch " + nextEpoch + ")");
    }

    @Override
    public void onEpoch(EpochStats e) {
        epochs.add(e);
        run.append("metrics.csv", String.format("epoch,%d,,%.6f,%.3f,%.3f,%.6f,%s,%s,%s,,%.2f", e.epoch(), e.trainLoss(), e.trainTop1(), e.trainTop5(), e.lr(),
                num(e.validLoss()), num(e.validTop1()), num(e.validTop5()), e.seconds()));
        if (!e.arch().isEmpty()) {
            Genotype g = Genotype.parse(e.genotype());
            run.writeText(String.format("genotypes/epoch_%03d.json", e.epoch()), g.toJson() + "\n");
            Map<String, Object> arch = new LinkedHashMap<>();
            e.arch().forEach(arch::put);
            run.writeJson(String.format("arch/epoch_%03d.json", e.epoch()), arch);
        }
        log(String.format("epoch %d: lr %.5f train loss %.4f top1 %.2f%s%s", e.epoch(), e.lr(), e.trainLoss(), e.trainTop1(),
                Double.isNaN(e.validTop1()) ? "" : String.format(" valid loss %.4f top1 %.2f", e.validLoss(), e.validTop1()),
                e.arch().isEmpty() ? "" : " genotype " + e.genotype()));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format("%.6f", v);
    }
}
