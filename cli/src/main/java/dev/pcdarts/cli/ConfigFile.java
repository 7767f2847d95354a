package dev.pcdarts.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@code --config FILE}: YAML (read with SnakeYAML) or, for {@code *.properties}, {@code key=value}
 * lines. Keys are the long option names without dashes ({@code init-channels} or
 * {@code init_channels}); in YAML they may be grouped under sections of any name
 * ({@code data:} with indented {@code dataset: cifar10}), the innermost key naming the option.
 * They become options placed before the command line's, so flags win.
 */
final class ConfigFile {
    private ConfigFile() {}

    /** Option name (dashes) → value, in the file's order; {@code where} gives each key's path in the file, for messages. */
    static Map<String, String> read(Path file, Map<String, String> where) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + RunWriteException.reason(e));
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (file.getFileName().toString().endsWith(".properties")) {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new UsageException(file + ": not a properties file (" + e.getMessage() + ")");
            }
            for (String k : p.stringPropertyNames().stream().sorted().toList()) put(m, where, k, k, p.getProperty(k).strip(), file);
            return m;
        }
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new UsageException(file + ": not valid YAML (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (root == null) return m;
        if (!(root instanceof Map<?, ?> map)) throw new UsageException(file + ": expected 'key: value' entries, got " + describe(root));
        flatten(map, "", m, where, file);
        return m;
    }

    private static void flatten(Map<?, ?> map, String prefix, Map<String, String> out, Map<String, String> where, Path file) {
        for (var e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String path = prefix + key;
            Object v = e.getValue();
            if (v instanceof Map<?, ?> section) {
                flatten(section, path + ".", out, where, file);
            } else if (v instanceof List<?>) {
                throw new UsageException(file + ": '" + path + "' is a list; every option takes one value");
            } else if (v == null) {
                throw new UsageException(file + ": '" + path + "' has no value");
            } else {
                put(out, where, key, path, String.valueOf(v), file);
            }
        }
    }

    private static void put(Map<String, String> out, Map<String, String> where, String key, String path, String value, Path file) {
        String option = key.strip().replace('_', '-');
        if (out.containsKey(option)) throw new UsageException(file + ": '" + path + "' repeats '" + where.get(option) + "'");
        out.put(option, value);
        where.put(option, path);
    }

    private static String describe(Object o) {
        return o instanceof List<?> ? "a list" : "'" + o + "'";
    }

    /** The config's entries as options for {@code sub}; an unknown key is a usage error naming it. */
    static List<String> asArgs(Path file, picocli.CommandLine sub) {
        Map<String, String> where = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (var e : read(file, where).entrySet()) {
            picocli.CommandLine.Model.OptionSpec opt = sub.getCommandSpec().findOption("--" + e.getKey());
            if (opt == null || e.getKey().equals("config") || e.getKey().equals("resume")) {
                throw new UsageException("unknown config key '" + where.get(e.getKey()).replace('_', '-') + "' in " + file
                        + " (keys are the long options of 'pcdarts " + sub.getCommandName() + "')");
            }
            if (opt.arity().max() == 0) {
                if (e.getValue().equalsIgnoreCase("true")) args.add("--" + e.getKey());
                else if (!e.getValue().equalsIgnoreCase("false")) {
                    throw new UsageException(file + ": " + where.get(e.getKey()) + " is a flag; give true or false, not '" + e.getValue() + "'");
                }
            } else {
                args.add("--" + e.getKey() + "=" + e.getValue());
            }
        }
        return args;
    }
}
