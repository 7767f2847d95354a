package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.datasets.ImageSet;
import dev.pcdarts.datasets.catalog.Datasets;
import dev.pcdarts.datasets.download.Downloader;
import dev.pcdarts.io.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pcdarts data info|convert|download|subsample. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Describe, convert, download and subsample datasets.",
        subcommands = {DataCommand.Info.class, DataCommand.Convert.class, DataCommand.Download.class, DataCommand.Subsample.class},
        footer = {"%nExamples:", "  pcdarts data info", "  pcdarts data convert --dataset fashion-mnist --out fm/",
                "  pcdarts data download cifar10 --dir data", "  pcdarts data subsample --data /data/imagenet/train --out imagenet_search", ExitCodes.HELP})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("data needs a subcommand: info, convert, download or subsample");
    }

    static Map<String, Object> describe(ImageSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.info().name());
        m.put("images", s.size());
        m.put("shape", s.info().height() + "x" + s.info().width() + "x" + s.info().channels());
        m.put("classes", s.info().classes());
        m.put("class_names", s.info().classNames());
        m.put("per_class", java.util.Arrays.stream(s.histogram()).boxed().toList());
        m.put("mean", s.info().mean());
        m.put("std", s.info().std());
        return m;
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Counts per split, classes and shape of any supported source (default: the embedded data).",
            footer = {"%nExamples:", "  pcdarts data info", "  pcdarts data info --data data/cifar-10-binary.tar.gz --json", ExitCodes.HELP})
    static final class Info implements Callable<Integer> {
        @Mixin DataOptions data;
        @Option(names = "--json", description = "One JSON object.") boolean json;

        @Override
        public Integer call() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("source", data.spec().describe());
            for (boolean train : new boolean[] {true, false}) {
                try (ImageSet s = RunData.open(() -> Datasets.open(data.spec(), train))) {
                    out.put(train ? "train" : "test", describe(s));
                } catch (DataException e) {
                    if (train) throw e;
                    out.put("test", "none (" + e.getMessage() + ")");
                }
            }
            if (json) {
                Main.out().println(Json.write(out));
            } else {
                Main.out().println("source: " + out.get("source"));
                for (String split : new String[] {"train", "test"}) {
                    Object v = out.get(split);
                    if (v instanceof Map<?, ?> m) {
                        Main.out().printf("%s: %s images of %s, %s classes %s%n   per class %s%n", split, m.get("images"), m.get("shape"), m.get("classes"),
                                m.get("class_names"), m.get("per_class"));
                    } else {
                        Main.out().println(split + ": " + v);
                    }
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true, description = "Write a source's train and test splits as pcdarts Arrow files (OUT/train.arrow, OUT/test.arrow).",
            footer = {"%nExamples:", "  pcdarts data convert --dataset fashion-mnist --out fm/", "  pcdarts data convert --data cifar-10-binary.tar.gz --out cifar10/",
                    "Python: pyarrow.ipc.open_file('fm/train.arrow').read_pandas()", ExitCodes.HELP})
    static final class Convert implements Callable<Integer> {
        @Mixin DataOptions data;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output folder.") Path out;
        @Option(names = "--chunk", paramLabel = "N", defaultValue = "1024", description = "Images per record batch (default: ${DEFAULT-VALUE}).") int chunk;

        @Override
        public Integer call() throws Exception {
            if (chunk < 1) throw new UsageException("--chunk must be at least 1");
            for (boolean train : new boolean[] {true, false}) {
                ImageSet s;
                try {
                    s = RunData.open(() -> Datasets.open(data.spec(), train));
                } catch (DataException e) {
                    if (train) throw e;
                    Main.err().println("no test split: " + e.getMessage());
                    continue;
                }
                Path f = out.resolve(train ? "train.arrow" : "test.arrow");
                try {
                    java.nio.file.Files.createDirectories(out);
                } catch (java.io.IOException e) {
                    throw new UsageException("cannot write to " + out + ": " + e.getMessage());
                }
                long bytes = Datasets.writeArrow(s, f, chunk);
                Main.out().printf("%s: %d images, %d bytes%n", f, s.size(), bytes);
                s.close();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download CIFAR-10 or CIFAR-100 (binary version) with MD5 check; resumes a partial download.",
            footer = {"%nExample:", "  pcdarts data download cifar10 --dir data", ExitCodes.HELP})
    static final class Download implements Callable<Integer> {
        @Parameters(paramLabel = "cifar10|cifar100") String name;
        @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data", description = "Target folder (default: ${DEFAULT-VALUE}).") Path dir;

        @Override
        public Integer call() {
            Downloader.Source s = switch (name.toLowerCase(Locale.ROOT)) {
                case "cifar10", "cifar-10" -> Downloader.CIFAR10;
                case "cifar100", "cifar-100" -> Downloader.CIFAR100;
                default -> throw new UsageException("unknown download '" + name + "'; known: cifar10, cifar100");
            };
            Path f = new Downloader().fetch(s, dir, bytes -> Main.err().printf("\r%s: %.1f MB", s.name(), bytes / 1e6));
            Main.err().println();
            Main.out().println(f);
            return ExitCodes.OK;
        }
    }

    @Command(name = "subsample", mixinStandardHelpOptions = true,
            description = "The ImageNet search subsets: a seeded sample of each class (10%% for the weights, 2.5%% for the architecture), written as file lists.",
            footer = {"%nExample:", "  pcdarts data subsample --data /data/imagenet/train --out imagenet_search", ExitCodes.HELP})
    static final class Subsample implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "DIR", required = true, description = "Image class folders.") Path data;
        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Writes train.txt and val.txt here.") Path out;
        @Option(names = "--train-fraction", defaultValue = "0.1", description = "Share of each class for the weights (default: ${DEFAULT-VALUE}).") double train;
        @Option(names = "--val-fraction", defaultValue = "0.025", description = "Share of each class for the architecture (default: ${DEFAULT-VALUE}).") double val;
        @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).") long seed;

        @Override
        public Integer call() throws Exception {
            if (!(train > 0 && val > 0 && train + val <= 1)) {
                throw new UsageException("--train-fraction and --val-fraction must be positive shares of each class that sum to at most 1, got " + train + " and " + val);
            }
            Datasets.Subsample r = Datasets.subsample(data, train, val, seed, out);
            Main.out().printf("%s: %d images; %s: %d images (from %d in %d classes)%n", out.resolve("train.txt"), r.trainImages(), out.resolve("val.txt"),
                    r.valImages(), r.ofImages(), r.classes());
            return ExitCodes.OK;
        }
    }
}
