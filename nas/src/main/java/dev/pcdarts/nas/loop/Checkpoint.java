package dev.pcdarts.nas.loop;

import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loop's whole state in one safetensors file: named tensors (weights, architecture
 * parameters, BN buffers, optimiser states) and string metadata (format, kind, the
 * configuration, the next epoch, step counters, RNG states). Written atomically.
 */
public final class Checkpoint {
    public static final String FORMAT = "pcdarts-checkpoint-1";

    private Checkpoint() {}

    /** A network's parameters and buffers under the checkpoint's names ("model.", "buffer."), to save or to load into. */
    public static Map<String, Tensor> moduleState(Module net) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        net.namedParameters().forEach((k, v) -> m.put("model." + k, v));
        net.namedBuffers().forEach((k, v) -> m.put("buffer." + k, v));
        return m;
    }

    public static void save(Path file, String kind, String configJson, Map<String, Tensor> tensors, Map<String, String> meta)
            throws IOException {
        Map<String, Safetensors.Entry> entries = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) entries.put(e.getKey(), new Safetensors.Entry(e.getValue().shape(), e.getValue().toArray()));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("kind", kind);
        m.put("config", configJson);
        m.putAll(meta);
        Safetensors.write(file, entries, m);
    }

    /**
     * Reads a checkpoint of {@code kind} written with {@code configJson}, copies every tensor of
     * {@code into} from it and returns its metadata. Nothing is copied unless everything fits.
     */
    public static Map<String, String> load(Path file, String kind, String configJson, Map<String, Tensor> into,
                                           Map<String, Tensor> optional) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) throw new IOException(file + ": not a pcdarts checkpoint (format " + meta.get("format") + ")");
        if (!kind.equals(meta.get("kind"))) {
            throw new IOException(file + ": a " + meta.get("kind") + " checkpoint, not a " + kind + " checkpoint");
        }
        if (!configJson.equals(meta.get("config"))) {
            throw new IOException(file + ": written for another configuration:\n  checkpoint: " + meta.get("config") + "\n  this run:   " + configJson);
        }
        Map<String, Tensor> all = new LinkedHashMap<>(into);
        for (var e : optional.entrySet()) if (c.tensors().containsKey(e.getKey())) all.put(e.getKey(), e.getValue());
        for (var e : all.entrySet()) {
            Safetensors.Entry s = c.tensors().get(e.getKey());
            if (s == null) throw new IOException(file + ": lacks tensor " + e.getKey());
            if (!java.util.Arrays.equals(s.shape(), e.getValue().shape())) {
                throw new IOException(file + ": tensor " + e.getKey() + " has shape " + java.util.Arrays.toString(s.shape())
                        + ", the model needs " + java.util.Arrays.toString(e.getValue().shape()));
            }
        }
        for (var e : all.entrySet()) e.getValue().copyFrom(c.tensors().get(e.getKey()).values());
        return meta;
    }

    /**
     * Zero tensors for the optimiser states that {@code file} holds for {@code params}, keyed
     * by the optimiser's own names ("momentum.3"); each is also put into {@code optional} under
     * its checkpoint name ({@code prefix} + key) so that {@link #load} fills it.
     */
    public static Map<String, Tensor> optimizerSlots(java.util.Set<String> names, String prefix, java.util.List<Tensor> params,
                                                     Map<String, Tensor> optional, String... kinds) {
        Map<String, Tensor> slots = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            for (String kind : kinds) {
                String key = kind + "." + i;
                if (!names.contains(prefix + key)) continue;
                Tensor t = params.get(i).zerosLike();
                slots.put(key, t);
                optional.put(prefix + key, t);
            }
        }
        return slots;
    }

    /** Names of the tensors in a checkpoint (to find optimiser states that exist). */
    public static java.util.Set<String> names(Path file) throws IOException {
        return tensors(file).keySet();
    }

    /** Every tensor of a checkpoint under its stored name: weights, buffers, optimiser states, the loop's state. */
    public static Map<String, Safetensors.Entry> tensors(Path file) throws IOException {
        return Safetensors.read(file).tensors();
    }
}
