package dev.pcdarts.cli;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.io.Json;
import dev.pcdarts.nas.eval.EvalNetwork;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import dev.pcdarts.nas.train.ModelFigures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** pcdarts model: size and cost of an evaluation network. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Parameters (millions, auxiliary head excluded, as the paper counts) and multiply-accumulates of one image's forward pass "
                + "of the evaluation network built from a genotype."},
        footer = {"%nExamples:", "  pcdarts model --genotype PC_DARTS_cifar            # 3.63M parameters, NetworkCIFAR C=36, 20 layers",
                "  pcdarts model --genotype PC_DARTS_image --imagenet # NetworkImageNet C=48, 14 layers",
                "  pcdarts model --genotype runs/X/genotype.json --init-channels 16 --layers 8 --json", ExitCodes.HELP})
final class ModelCommand implements Callable<Integer> {
    @Option(names = "--genotype", paramLabel = "NAME|FILE|STRING", defaultValue = "PC_DARTS_cifar",
            description = "Built-in name, JSON file or Genotype(...) string (default: ${DEFAULT-VALUE}).")
    String genotype;
    @Option(names = "--imagenet", description = "NetworkImageNet (224x224, 1000 classes) instead of NetworkCIFAR.") boolean imagenet;
    @Option(names = "--init-channels", paramLabel = "C", description = "Initial channels (CIFAR 36, ImageNet 48).") Integer c;
    @Option(names = "--layers", paramLabel = "N", description = "Cells (CIFAR 20, ImageNet 14).") Integer layers;
    @Option(names = "--classes", paramLabel = "N", description = "Classes (CIFAR 10, ImageNet 1000).") Integer classes;
    @Option(names = "--image-size", paramLabel = "PX", description = "Input size for the MAC count (CIFAR 32, ImageNet 224).") Integer size;
    @Mixin CommonOptions common;

    @Override
    public Integer call() {
        Genotype g;
        try {
            g = Genotypes.resolve(genotype);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        int cc = c != null ? c : imagenet ? 48 : 36;
        int ll = layers != null ? layers : imagenet ? 14 : 20;
        int k = classes != null ? classes : imagenet ? 1000 : 10;
        int px = size != null ? size : imagenet ? 224 : 32;
        Backend b = common.backend();
        ModelFigures.Figures f;
        try {
            f = ModelFigures.of(b, new EvalNetwork.Config(cc, k, ll, true, g, imagenet), px);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long params = f.parameters();
        long withAux = f.parametersWithAuxiliary();
        long macs = f.macs();
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("network", imagenet ? "NetworkImageNet" : "NetworkCIFAR");
            j.put("init_channels", cc);
            j.put("layers", ll);
            j.put("classes", k);
            j.put("genotype", g.toReferenceString());
            j.put("parameters", params);
            j.put("parameters_with_auxiliary", withAux);
            j.put("parameters_m", Math.round(params / 1e4) / 100.0);
            j.put("macs", macs);
            j.put("input", "3x" + px + "x" + px);
            Main.out().println(Json.write(j));
        } else {
            Main.out().printf("%s(C=%d, layers=%d, classes=%d)%n", imagenet ? "NetworkImageNet" : "NetworkCIFAR", cc, ll, k);
            Main.out().printf("parameters: %.2fM (%,d; %,d with the auxiliary head)%n", params / 1e6, params, withAux);
            Main.out().printf("multiply-accumulates: %,d (%.1fM) per 3x%dx%d image%n", macs, macs / 1e6, px, px);
        }
        return ExitCodes.OK;
    }
}
