package dev.pcdarts.cli;

import dev.pcdarts.io.Json;
import dev.pcdarts.nas.compute.Compute;
import dev.pcdarts.nas.compute.InstalledBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** pcdarts backends: what can run here. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends found, whether each can run here (and why not), with vector width, threads and devices.",
        footer = {"%nExamples:", "  pcdarts backends", "  pcdarts backends --json", ExitCodes.HELP})
final class BackendsCommand implements Callable<Integer> {
    static final String TORNADO_HINT = "tornado: not installed. The TornadoVM GPU backend is an optional plugin: install the TornadoVM SDK, "
            + "set TORNADOVM_HOME, build with './mvnw -Ptornado install' and run through ./pcdarts, which adds $TORNADOVM_HOME/tornado-argfile to the JVM.";

    @Option(names = "--json", description = "One JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean tornado = false;
        for (InstalledBackend p : Compute.installed()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", p.name());
            r.put("rank", p.rank());
            r.put("available", p.available());
            r.put("default", p.isDefault());
            r.put("details", p.details());
            rows.add(r);
            tornado |= p.name().equals("tornado");
        }
        if (json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("backends", rows);
            if (!tornado) j.put("tornado", TORNADO_HINT);
            Main.out().println(Json.write(j));
            return ExitCodes.OK;
        }
        for (Map<String, Object> r : rows) {
            Main.out().printf("%-8s %-11s %s%s%n", r.get("name"), Boolean.TRUE.equals(r.get("available")) ? "available" : "unavailable",
                    r.get("details"), Boolean.TRUE.equals(r.get("default")) ? "  (default)" : "");
        }
        if (!tornado) Main.out().println(TORNADO_HINT);
        return ExitCodes.OK;
    }
}
