package dev.pcdarts.cli;

import dev.pcdarts.io.Json;
import dev.pcdarts.nas.genotype.Genotype;
import dev.pcdarts.nas.genotype.Genotypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pcdarts genotype list|show|draw. */
@Command(name = "genotype", mixinStandardHelpOptions = true, description = "Built-in genotypes, their two text forms, and drawings of their cells.",
        subcommands = {GenotypeCommand.ListCmd.class, GenotypeCommand.Show.class, GenotypeCommand.Draw.class},
        footer = {"%nExamples:", "  pcdarts genotype list", "  pcdarts genotype show PC_DARTS_cifar --json",
                "  pcdarts genotype draw runs/X/genotype.json --out cells/", ExitCodes.HELP})
final class GenotypeCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("genotype needs a subcommand: list, show or draw");
    }

    static Genotype resolve(String spec) {
        try {
            return Genotypes.resolve(spec);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The built-in genotypes.", footer = {"%nExample:", "  pcdarts genotype list", ExitCodes.HELP})
    static final class ListCmd implements Callable<Integer> {
        @Option(names = "--json", description = "One JSON object: name to genotype.") boolean json;

        @Override
        public Integer call() {
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                Genotypes.all().forEach((k, v) -> m.put(k, v.toJsonMap()));
                Main.out().println(Json.write(m));
            } else {
                Genotypes.all().forEach((k, v) -> Main.out().println(k + " = " + v.toReferenceString()));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a genotype in the reference's form (or JSON).",
            footer = {"%nExamples:", "  pcdarts genotype show DARTS_V2", "  pcdarts genotype show \"Genotype(normal=[...], ...)\" --json", ExitCodes.HELP})
    static final class Show implements Callable<Integer> {
        @Parameters(paramLabel = "GENOTYPE", description = "Built-in name, JSON file or Genotype(...) string.") String spec;
        @Option(names = "--json", description = "The JSON form.") boolean json;

        @Override
        public Integer call() {
            Genotype g = resolve(spec);
            Main.out().println(json ? g.toJson() : g.toReferenceString());
            return ExitCodes.OK;
        }
    }

    @Command(name = "draw", mixinStandardHelpOptions = true, description = "Write normal.svg, reduction.svg and their .dot files (no graphviz needed).",
            footer = {"%nExample:", "  pcdarts genotype draw PC_DARTS_cifar --out drawings/", ExitCodes.HELP})
    static final class Draw implements Callable<Integer> {
        @Parameters(paramLabel = "GENOTYPE", description = "Built-in name, JSON file or Genotype(...) string.") String spec;
        @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Output folder (default: the current one).") Path out;

        @Override
        public Integer call() throws Exception {
            Genotype g = resolve(spec);
            try {
                Files.createDirectories(out);
            } catch (java.io.IOException e) {
                throw new UsageException("cannot write to " + out + ": " + e.getMessage());
            }
            Files.writeString(out.resolve("normal.svg"), CellDrawing.svg(g.normal(), g.normalConcat(), "normal cell"));
            Files.writeString(out.resolve("reduction.svg"), CellDrawing.svg(g.reduce(), g.reduceConcat(), "reduction cell"));
            Files.writeString(out.resolve("normal.dot"), CellDrawing.dot(g.normal(), g.normalConcat()));
            Files.writeString(out.resolve("reduction.dot"), CellDrawing.dot(g.reduce(), g.reduceConcat()));
            Main.out().println("wrote " + out.resolve("normal.svg") + ", " + out.resolve("reduction.svg") + " and the .dot files");
            return ExitCodes.OK;
        }
    }
}
