package dev.pcdarts.cli;

import dev.pcdarts.datasets.DataException;
import dev.pcdarts.engine.backend.BackendUnavailableException;
import dev.pcdarts.nas.loop.DivergenceException;
import dev.pcdarts.nas.loop.RunInterruptedException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The pcdarts command line. */
@Command(name = "pcdarts", mixinStandardHelpOptions = true, version = "pcdarts " + Provenance.VERSION,
        description = {"PC-DARTS differentiable architecture search on the JVM (Vector API on the CPU, TornadoVM on the GPU)."},
        subcommands = {SearchCommand.class, TrainCommand.class, TestCommand.class, ModelCommand.class, GenotypeCommand.class,
                ExportCommand.class, PredictCommand.class, DataCommand.class, BackendsCommand.class, BenchCommand.class},
        footer = {"%nStart with 'pcdarts search' (a quick search on the embedded data). Add --verbose to any command for stack traces.",
                ExitCodes.HELP})
public final class Main implements Runnable {
    private static PrintStream out = System.out;
    private static PrintStream err = System.err;
    private static String[] args = new String[0];

    static PrintStream out() {
        return out;
    }

    static PrintStream err() {
        return err;
    }

    static String[] args() {
        return args.clone();
    }

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    public static void main(String[] argv) {
        int code = run(argv, System.out, System.err);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs the command and returns its exit code (used by main and by the tests). */
    public static int run(String[] argv, PrintStream stdout, PrintStream stderr) {
        out = stdout;
        err = stderr;
        List<String> a = new ArrayList<>(Arrays.asList(argv));
        boolean verbose = a.remove("--verbose");
        args = a.toArray(new String[0]);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new java.io.PrintWriter(stdout, true));
        cli.setErr(new java.io.PrintWriter(stderr, true));
        cli.setOverwrittenOptionsAllowed(true);
        try {
            List<String> expanded = withConfig(cli, a);
            CommandLine.ParseResult parsed = cli.parseArgs(expanded.toArray(new String[0]));
            Integer help = CommandLine.executeHelpRequest(parsed);
            if (help != null) return help;
            CommandLine target = parsed.asCommandLineList().getLast();
            Object cmd = target.getCommand();
            if (cmd instanceof java.util.concurrent.Callable<?> c) {
                Object r = c.call();
                return r instanceof Integer i ? i : ExitCodes.OK;
            }
            if (cmd instanceof Runnable r) {
                r.run();
                return ExitCodes.OK;
            }
            target.usage(stdout);
            return ExitCodes.OK;
        } catch (CommandLine.ParameterException e) {
            stderr.println("pcdarts: " + e.getMessage());
            stderr.println("(see 'pcdarts " + String.join(" ", subcommandPath(e.getCommandLine())) + " --help')");
            return ExitCodes.USAGE;
        } catch (UsageException e) {
            stderr.println("pcdarts: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (BackendUnavailableException e) {
            stderr.println("pcdarts: " + e.getMessage());
            return ExitCodes.BACKEND;
        } catch (DataException e) {
            stderr.println("pcdarts: " + e.getMessage());
            if (verbose) e.printStackTrace(stderr);
            return ExitCodes.DATA;
        } catch (RunInterruptedException e) {
            stderr.println("pcdarts: " + e.getMessage() + "; continue with --resume");
            return ExitCodes.INTERRUPTED;
        } catch (DivergenceException e) {
            stderr.println("pcdarts: " + e.getMessage());
            return ExitCodes.DIVERGED;
        } catch (dev.pcdarts.api.ReplicasFailedException e) {
            stderr.println("pcdarts: " + e.getMessage() + "; the last checkpoint is kept, continue with --resume");
            return ExitCodes.REPLICAS_FAILED;
        } catch (RunWriteException e) {
            stderr.println("pcdarts: " + e.getMessage());
            if (verbose) e.printStackTrace(stderr);
            return ExitCodes.WRITE;
        } catch (OutOfMemoryError e) {
            stderr.printf("pcdarts: out of Java heap (%.1f GB): use a smaller --batch (or --batch-size), or give the JVM more "
                    + "with PCDARTS_JAVA_OPTS=-Xmx<size> (./pcdarts takes half the machine's memory by default)%n",
                    Runtime.getRuntime().maxMemory() / 1e9);
            return ExitCodes.INTERNAL;
        } catch (Exception e) {
            stderr.println("pcdarts: internal error: " + e);
            if (verbose) e.printStackTrace(stderr);
            else stderr.println("(run again with --verbose for the stack trace)");
            return ExitCodes.INTERNAL;
        }
    }

    private static List<String> subcommandPath(CommandLine c) {
        List<String> names = new ArrayList<>();
        for (CommandLine x = c; x != null && x.getParent() != null; x = x.getParent()) names.addFirst(x.getCommandName());
        return names;
    }

    /** Inserts the entries of {@code --config FILE} right after the subcommand's name, so later flags win. */
    private static List<String> withConfig(CommandLine cli, List<String> a) {
        int at = a.indexOf("--config");
        String file = null;
        if (at >= 0) {
            if (at + 1 >= a.size()) throw new UsageException("--config needs a FILE");
            file = a.get(at + 1);
        } else {
            for (String s : a) if (s.startsWith("--config=")) file = s.substring("--config=".length());
        }
        if (file == null || a.isEmpty()) return a;
        CommandLine sub = cli.getSubcommands().get(a.getFirst());
        if (sub == null) throw new UsageException("--config belongs after a command, e.g. 'pcdarts search --config FILE'");
        List<String> out = new ArrayList<>();
        out.add(a.getFirst());
        out.addAll(ConfigFile.asArgs(Path.of(file), sub));
        out.addAll(a.subList(1, a.size()));
        return out;
    }
}
