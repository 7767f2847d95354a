package dev.pcdarts.nas.eval;

import dev.pcdarts.engine.io.Safetensors;
import dev.pcdarts.engine.io.StateDicts;
import dev.pcdarts.engine.nn.Module;
import dev.pcdarts.engine.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network's weights as a PyTorch {@code state_dict}: the reference's names (our parameter
 * and buffer names already are its module paths), F32 tensors, and the I64 scalar
 * {@code num_batches_tracked} that PyTorch keeps beside every BatchNorm's running statistics
 * (ours do not count batches). Loading is strict, as {@code load_state_dict(strict=True)}.
 */
public final class StateDict {
    private static final String VAR = ".running_var";
    private static final String COUNTER = "num_batches_tracked";

    private StateDict() {}

    /** How {@link #write} stores a state_dict: safetensors, or PyTorch's own torch.save archive. */
    public enum Format { SAFETENSORS, TORCH_SAVE }

    /**
     * Writes the state_dict of {@code net} (see {@link #of}) to {@code out} atomically; a
     * safetensors header also gets {@code meta} (a torch.save archive has no place for it).
     * Returns the number of tensors written.
     */
    public static int write(Module net, long batches, Path out, Format format, Map<String, String> meta) throws IOException {
        Map<String, Safetensors.Entry> state = of(net, batches);
        if (format == Format.TORCH_SAVE) StateDicts.writeTorch(out, state);
        else Safetensors.write(out, state, meta);
        return state.size();
    }

    /**
     * The state_dict of {@code net}, in PyTorch's order; every BatchNorm's
     * {@code num_batches_tracked} is {@code batches} (the training steps taken: every BN runs once
     * in training mode per step; 0 when unknown).
     */
    public static Map<String, Safetensors.Entry> of(Module net, long batches) {
        Map<String, Safetensors.Entry> out = new LinkedHashMap<>();
        for (var e : net.namedState().entrySet()) {
            out.put(e.getKey(), new Safetensors.Entry(e.getValue().shape(), e.getValue().toArray()));
            if (e.getKey().endsWith(VAR)) {
                String bn = e.getKey().substring(0, e.getKey().length() - VAR.length());
                out.put(bn + "." + COUNTER, Safetensors.Entry.int64(new int[0], Math.max(0, batches)));
            }
        }
        return out;
    }

    /**
     * The weights of {@code file}: a PyTorch state_dict (safetensors or torch.save) or a pcdarts
     * checkpoint, whose "model."/"buffer." prefixes are dropped with its optimiser states.
     */
    public static Map<String, Safetensors.Entry> read(Path file) throws IOException {
        Map<String, Safetensors.Entry> raw = StateDicts.read(file);
        boolean ours = raw.keySet().stream().anyMatch(k -> k.startsWith("model.") || k.startsWith("buffer."));
        if (!ours) return raw;
        Map<String, Safetensors.Entry> out = new LinkedHashMap<>();
        for (var e : raw.entrySet()) {
            String k = e.getKey();
            if (k.startsWith("model.")) out.put(k.substring(6), e.getValue());
            else if (k.startsWith("buffer.")) out.put(k.substring(7), e.getValue());
            else if (!k.startsWith("optim.")) out.put(k, e.getValue()); // an unexpected key: load() names it
        }
        return out;
    }

    /** Reads {@code file} and copies it into {@code net}; see {@link #load(Module, Map, Path)}. */
    public static void load(Module net, Path file) throws IOException {
        load(net, read(file), file);
    }

    /**
     * Copies {@code weights} into every parameter and buffer of {@code net}, or nothing: every
     * key must exist with the same shape, none may be missing; {@code num_batches_tracked} is
     * accepted and ignored. The one-line IOException names the file and the first offending key.
     */
    public static void load(Module net, Map<String, Safetensors.Entry> weights, Path file) throws IOException {
        Map<String, Tensor> state = net.namedState();
        for (var e : weights.entrySet()) {
            String k = e.getKey();
            Tensor t = state.get(k);
            if (t == null) {
                if (StateDicts.isBatchCounter(k) && state.containsKey(k.substring(0, k.length() - COUNTER.length()) + "running_mean")) continue;
                throw new IOException(file + ": does not fit this network: unexpected key " + k + hint(k));
            }
            if (!Arrays.equals(t.shape(), e.getValue().shape())) {
                throw new IOException(file + ": does not fit this network: " + k + " has shape " + Arrays.toString(e.getValue().shape())
                        + ", the network needs " + Arrays.toString(t.shape()) + " (another --init-channels, --layers or genotype?)");
            }
            if ("I64".equals(e.getValue().dtype())) throw new IOException(file + ": " + k + " holds integers, not weights");
        }
        for (String k : state.keySet()) {
            if (!weights.containsKey(k)) throw new IOException(file + ": does not fit this network: missing key " + k + hint(k));
        }
        for (var e : state.entrySet()) e.getValue().copyFrom(weights.get(e.getKey()).values());
    }

    private static String hint(String key) {
        if (key.startsWith("auxiliary_head.")) return " (the auxiliary head: --auxiliary on one side only?)";
        return " (another genotype, --init-channels or --layers?)";
    }

}
