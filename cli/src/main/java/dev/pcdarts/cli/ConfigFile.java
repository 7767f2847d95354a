package dev.pcdarts.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * {@code --config FILE}: a properties file ({@code key=value}) or a flat YAML file
 * ({@code key: value}); keys are the long option names without dashes ({@code init-channels} or
 * {@code init_channels}). They become options placed before the command line's, so flags win.
 */
final class ConfigFile {
    private ConfigFile() {}

    static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---")) continue;
            if (Character.isWhitespace(raw.charAt(0)) || line.startsWith("- ")) {
                throw new UsageException(file + ":" + n + ": nested YAML is not supported; write every option as 'key: value' at the start of a line");
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int cut = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
            if (cut <= 0) throw new UsageException(file + ":" + n + ": expected key=value or key: value, got '" + line + "'");
            String key = line.substring(0, cut).strip().replace('_', '-');
            String value = line.substring(cut + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.isEmpty()) throw new UsageException(file + ":" + n + ": '" + key + "' has no value (nested YAML is not supported; write 'key: value')");
            m.put(key, value);
        }
        return m;
    }

    /** The config's entries as options for {@code sub}; an unknown key is a usage error. */
    static List<String> asArgs(Path file, CommandLine sub) {
        List<String> args = new ArrayList<>();
        for (var e : read(file).entrySet()) {
            CommandLine.Model.OptionSpec opt = sub.getCommandSpec().findOption("--" + e.getKey());
            if (opt == null || e.getKey().equals("config") || e.getKey().equals("resume")) {
                throw new UsageException("unknown config key '" + e.getKey() + "' in " + file + " (keys are the long options of 'pcdarts "
                        + sub.getCommandName() + "')");
            }
            if (opt.arity().max() == 0) {
                if (e.getValue().equalsIgnoreCase("true")) args.add("--" + e.getKey());
                else if (!e.getValue().equalsIgnoreCase("false")) {
                    throw new UsageException(file + ": " + e.getKey() + " is a flag; give true or false, not '" + e.getValue() + "'");
                }
            } else {
                args.add("--" + e.getKey() + "=" + e.getValue());
            }
        }
        return args;
    }
}
