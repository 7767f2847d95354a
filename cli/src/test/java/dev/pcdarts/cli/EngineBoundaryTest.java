package dev.pcdarts.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pcdarts.nas.compute.Compute;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The command and the Java API reach the engine only through nas's API: every engine type a file
 * under cli/ names is one that a public member of nas takes, returns or throws, and no file calls
 * into an engine type itself (no static call, no constructor, no fully qualified engine or backend
 * class).
 */
class EngineBoundaryTest {
    private static final Pattern ENGINE_IMPORT = Pattern.compile("^import (dev\\.pcdarts\\.engine\\.[\\w.]+);", Pattern.MULTILINE);

    @Test
    void everyEngineTypeTheCliNamesComesThroughNasApi() throws Exception {
        Set<String> api = nasApiTypes();
        assertTrue(api.contains("dev.pcdarts.engine.backend.Backend"), "the scan finds nas's API: " + api.size() + " types");
        List<String> outside = new ArrayList<>();
        for (Path f : cliSources()) {
            Matcher m = ENGINE_IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String type = m.group(1);
                boolean seen = api.stream().anyMatch(t -> t.equals(type) || t.startsWith(type + "."));
                if (!seen) outside.add(f.getFileName() + ": " + type);
            }
        }
        assertEquals(List.of(), outside, "engine types named under cli/ that no public member of nas hands out");
    }

    @Test
    void noCliFileCallsIntoTheEngineItself() throws IOException {
        List<String> calls = new ArrayList<>();
        Pattern qualified = Pattern.compile("\\bdev\\.pcdarts\\.(engine|vector|tornado)\\.");
        for (Path f : cliSources()) {
            if (f.getFileName().toString().equals("EngineBoundaryTest.java")) continue;
            String text = Files.readString(f);
            Matcher imports = ENGINE_IMPORT.matcher(text);
            String code = imports.replaceAll("");
            if (qualified.matcher(code).find()) calls.add(f.getFileName() + ": a fully qualified engine or backend class");
            imports.reset();
            while (imports.find()) {
                String simple = imports.group(1).substring(imports.group(1).lastIndexOf('.') + 1);
                Matcher call = Pattern.compile("(\\bnew " + simple + "\\b|\\b" + simple + "(\\.[A-Z]\\w*)*\\.[a-z]\\w*\\s*\\()").matcher(code);
                if (call.find()) calls.add(f.getFileName() + ": " + call.group().strip());
            }
        }
        assertEquals(List.of(), calls, "calls from cli/ straight into engine types");
    }

    private static List<Path> cliSources() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("src/main/java", "src/test/java")) {
            try (Stream<Path> s = Files.walk(Path.of(root))) {
                s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(out::add);
            }
        }
        assertTrue(out.size() > 20, "found cli's sources from " + Path.of("").toAbsolutePath());
        return out;
    }

    /** Every type named by a public member of a public nas class (generic arguments included), and those classes' supertypes. */
    private static Set<String> nasApiTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path where = Path.of(Compute.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> types = new TreeSet<>();
        FileSystem jar = Files.isDirectory(where) ? null : FileSystems.newFileSystem(where, Map.of());
        try {
            Path root = jar == null ? where : jar.getPath("/");
            List<String> names;
            try (Stream<Path> s = Files.walk(root)) {
                names = s.map(p -> root.relativize(p).toString()).filter(n -> n.startsWith("dev/pcdarts/nas/") && n.endsWith(".class"))
                        .map(n -> n.substring(0, n.length() - 6).replace('/', '.')).toList();
            }
            for (String n : names) {
                Class<?> c = Class.forName(n, false, Compute.class.getClassLoader());
                if (!isPublic(c)) continue;
                add(types, c.getGenericSuperclass());
                for (Type t : c.getGenericInterfaces()) add(types, t);
                for (Field f : c.getFields()) add(types, f.getGenericType());
                List<Executable> members = new ArrayList<>(List.of(c.getConstructors()));
                for (Method m : c.getMethods()) members.add(m);
                for (Executable e : members) {
                    if (e instanceof Method m) add(types, m.getGenericReturnType());
                    for (Type t : e.getGenericParameterTypes()) add(types, t);
                    for (Type t : e.getGenericExceptionTypes()) add(types, t);
                }
            }
        } finally {
            if (jar != null) jar.close();
        }
        return types;
    }

    private static boolean isPublic(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) {
            if (!Modifier.isPublic(k.getModifiers())) return false;
        }
        return true;
    }

    private static void add(Set<String> into, Type t) {
        switch (t) {
            case null -> { }
            case Class<?> c when c.isArray() -> add(into, c.getComponentType());
            case Class<?> c -> into.add(c.getCanonicalName() != null ? c.getCanonicalName() : c.getName());
            case ParameterizedType p -> {
                add(into, p.getRawType());
                for (Type a : p.getActualTypeArguments()) add(into, a);
            }
            case GenericArrayType g -> add(into, g.getGenericComponentType());
            case WildcardType w -> {
                for (Type b : w.getUpperBounds()) add(into, b);
                for (Type b : w.getLowerBounds()) add(into, b);
            }
            default -> { } // type variables: their bounds are named where they are declared
        }
    }
}
