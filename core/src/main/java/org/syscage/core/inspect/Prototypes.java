package org.syscage.core.inspect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parameter names of syscalls ({@code syscall-prototypes.txt}), which let a disassembly call
 * {@code args[1]} of {@code open} by its name, {@code flags}. An {@code x32_} name has the
 * parameters of the name without the prefix.
 */
public final class Prototypes {
    private Prototypes() {}

    private static final Map<String, List<String>> PARAMETERS = load();

    /** The parameter names of syscall {@code name}, if known. */
    public static Optional<List<String>> parameters(String name) {
        List<String> p = PARAMETERS.get(name);
        if (p == null && name.startsWith("x32_")) {
            p = PARAMETERS.get(name.substring(4));
        }
        return Optional.ofNullable(p);
    }

    private static Map<String, List<String>> load() {
        Map<String, List<String>> m = new HashMap<>();
        try (InputStream in = Prototypes.class.getResourceAsStream("syscall-prototypes.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing resource syscall-prototypes.txt");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                m.put(f[0], List.of(Arrays.copyOfRange(f, 1, f.length)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
