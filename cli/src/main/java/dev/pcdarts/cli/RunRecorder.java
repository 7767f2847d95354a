package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.loop.TrainListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes what a run measures into its directory as it goes: metrics.csv (a row per step and
 * per epoch), the genotype and architecture weights of every epoch, log.txt; and keeps the
 * figures for report.html and metrics.arrow. The figures kept are those of the rows as written,
 * read back, so that a resumed run (which reads the rows of its first part back from
 * metrics.csv) ends with the same figures as an uninterrupted one.
 */
final class RunRecorder implements TrainListener {
    static final String CSV_HEADER = "kind,epoch,step,loss,top1,top5,lr,valid_loss,valid_top1,valid_top5,images,seconds";
    final List<StepStats> steps = new ArrayList<>();
    final List<EpochStats> epochs = new ArrayList<>();
    private final RunDirectory run;
    private int stepsPerEpoch;
    private int epochCount;

    RunRecorder(RunDirectory run) {
        this.run = run;
    }

    void log(String line) {
        run.append("log.txt", java.time.LocalTime.now().withNano(0) + " " + line);
    }

    /**
     * Keeps the rows of metrics.csv that lie before the loop's position (the checkpoint's) and
     * drops the rest: rows of steps that ran after the checkpoint and are about to run again,
     * and a line cut short by a kill.
     */
    @Override
    public void onStart(int epochCount, int stepsPerEpoch, int startEpoch, int startStep) {
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochCount = epochCount;
        steps.clear();
        epochs.clear();
        StringBuilder kept = new StringBuilder(CSV_HEADER).append('\n');
        Path csv = run.file("metrics.csv");
        if (Files.exists(csv)) {
            String[] lines = run.readText("metrics.csv").split("\n", -1);
            for (int i = 1; i < lines.length - 1; i++) { // the last piece is empty, or a line without its newline
                String[] f = lines[i].split(",", -1);
                if (f.length != 12) continue;
                try {
                    int epoch = Integer.parseInt(f[1]);
                    if (f[0].equals("step") && (epoch < startEpoch || epoch == startEpoch && Integer.parseInt(f[2]) < startStep)) {
                        steps.add(stepRow(f));
                    } else if (f[0].equals("epoch") && epoch < startEpoch) {
                        epochs.add(epochRow(f));
                    } else {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    throw DataException.of(csv, "line " + (i + 1) + " is damaged (" + e.getMessage() + ")");
                }
                kept.append(lines[i]).append('\n');
            }
        }
        run.writeText("metrics.csv", kept.toString());
        log("start: " + epochCount + " epochs of " + stepsPerEpoch + " steps, from epoch " + startEpoch + (startStep > 0 ? " step " + startStep : ""));
    }

    private StepStats stepRow(String[] f) {
        return new StepStats(Integer.parseInt(f[1]), Integer.parseInt(f[2]), stepsPerEpoch, num(f[3]), num(f[4]), num(f[5]),
                Integer.parseInt(f[10]), num(f[11]));
    }

    private EpochStats epochRow(String[] f) {
        int e = Integer.parseInt(f[1]);
        String genotype = "";
        Map<String, float[]> arch = new LinkedHashMap<>();
        String gFile = String.format(Locale.ROOT, "genotypes/epoch_%03d.json", e);
        String aFile = String.format(Locale.ROOT, "arch/epoch_%03d.json", e);
        if (Files.exists(run.file(gFile)) && Files.exists(run.file(aFile))) {
            try {
                genotype = Genotype.parse(run.readText(gFile)).toReferenceString();
                for (var en : Json.parseObject(run.readText(aFile)).entrySet()) {
                    List<?> values = (List<?>) en.getValue();
                    float[] a = new float[values.size()];
                    for (int i = 0; i < a.length; i++) a[i] = ((Number) values.get(i)).floatValue();
                    arch.put(en.getKey(), a);
                }
            } catch (RuntimeException x) {
                throw DataException.of(run.file(aFile), "damaged record of epoch " + e + " (" + x.getMessage() + ")");
            }
        }
        return epochRow(f, genotype, arch);
    }

    /** An epoch row's figures as written, with the genotype and weights of its per-epoch files. */
    private EpochStats epochRow(String[] f, String genotype, Map<String, float[]> arch) {
        return new EpochStats(Integer.parseInt(f[1]), epochCount, num(f[6]), num(f[3]), num(f[4]), num(f[5]), num(f[7]), num(f[8]), num(f[9]),
                num(f[11]), genotype, arch);
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public void onStep(StepStats s) {
        String row = String.format(Locale.ROOT, "step,%d,%d,%.6f,%.3f,%.3f,,,,,%d,%.4f", s.epoch(), s.step(), s.loss(), s.top1(), s.top5(), s.images(), s.seconds());
        run.append("metrics.csv", row);
        steps.add(stepRow(row.split(",", -1)));
    }

    @Override
    public void onCheckpoint(Path file, int nextEpoch) {
        log("checkpoint written: " + file.getFileName() + " (next epoch " + nextEpoch + ")");
    }

    /** The epoch's genotype and weights first, then its row: a row in metrics.csv means its files are complete. */
    @Override
    public void onEpoch(EpochStats e) {
        if (!e.arch().isEmpty()) {
            Genotype g = Genotype.parse(e.genotype());
            run.writeText(String.format(Locale.ROOT, "genotypes/epoch_%03d.json", e.epoch()), g.toJson() + "\n");
            Map<String, Object> arch = new LinkedHashMap<>();
            e.arch().forEach(arch::put);
            run.writeJson(String.format(Locale.ROOT, "arch/epoch_%03d.json", e.epoch()), arch);
        }
        String row = String.format(Locale.ROOT, "epoch,%d,,%.6f,%.3f,%.3f,%.6f,%s,%s,%s,,%.2f", e.epoch(), e.trainLoss(), e.trainTop1(), e.trainTop5(), e.lr(),
                fmt(e.validLoss()), fmt(e.validTop1()), fmt(e.validTop5()), e.seconds());
        run.append("metrics.csv", row);
        // the files just written hold exactly these values (floats round-trip through JSON): no need to read them back
        epochs.add(epochRow(row.split(",", -1), e.arch().isEmpty() ? "" : e.genotype(), e.arch()));
        log(String.format(Locale.ROOT, "epoch %d: lr %.5f train loss %.4f top1 %.2f%s%s", e.epoch(), e.lr(), e.trainLoss(), e.trainTop1(),
                Double.isNaN(e.validTop1()) ? "" : String.format(Locale.ROOT, " valid loss %.4f top1 %.2f", e.validLoss(), e.validTop1()),
                e.arch().isEmpty() ? "" : " genotype " + e.genotype()));
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }
}
