package dev.pcdarts.cli;

import dev.pcdarts.io.AtomicFiles;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.loop.TrainListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * train --keep-best: after an epoch's checkpoint is on disk, copies it to {@value #FILE} when
 * that epoch's validation top-1 beats every earlier epoch's, and records which epoch in {@value
 * #RECORD}. A resumed run reads the record back, so the best is the best of the whole run.
 */
final class BestCheckpoint implements TrainListener {
    static final String FILE = "best.safetensors";
    static final String RECORD = "best.json";
    private final RunDirectory run;
    private double best = Double.NEGATIVE_INFINITY;
    private EpochStats last;

    BestCheckpoint(RunDirectory run, boolean resumed) {
        this.run = run;
        if (resumed && Files.exists(run.file(RECORD))) {
            Object v = Json.parseObject(run.readText(RECORD)).get("valid_top1");
            if (!(v instanceof Number n)) throw new dev.pcdarts.datasets.DataException(run.file(RECORD) + ": 'valid_top1' is missing or not a number");
            best = n.doubleValue();
        }
    }

    @Override
    public void onEpoch(EpochStats e) {
        last = e;
    }

    @Override
    public void onCheckpoint(Path file, int nextEpoch) {
        if (last == null || Double.isNaN(last.validTop1()) || last.validTop1() <= best) return;
        try {
            AtomicFiles.write(run.file(FILE), ByteBuffer.wrap(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new RunWriteException(run.file(FILE), "", e);
        }
        best = last.validTop1();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("epoch", last.epoch());
        r.put("valid_top1", last.validTop1());
        r.put("valid_top5", last.validTop5());
        r.put("valid_loss", last.validLoss());
        run.writeJson(RECORD, r);
    }
}
