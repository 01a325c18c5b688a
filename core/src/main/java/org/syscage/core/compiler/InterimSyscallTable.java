package org.syscage.core.compiler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;

/**
 * Stand-in for {@code org.syscage.core.syscalls.SyscallTable} with the same method names, read
 * from libseccomp's syscalls.csv, until the project's tables are available here. Numbers include
 * the arch's bias (x32's 0x40000000, MIPS's 4000/5000/6000) as they appear in seccomp_data.
 */
final class InterimSyscallTable {
    private static final Set<String> ALL_NAMES = new LinkedHashSet<>();
    private static final Map<Arch, InterimSyscallTable> TABLES = load();

    private final Map<String, Integer> byName;
    private final Map<Integer, String> byNumber;

    private InterimSyscallTable(Map<String, Integer> byName) {
        this.byName = byName;
        Map<Integer, String> rev = new TreeMap<>();
        byName.forEach((n, nr) -> rev.putIfAbsent(nr, n));
        this.byNumber = rev;
    }

    static InterimSyscallTable of(Arch arch) {
        return TABLES.get(arch);
    }

    static Set<String> allNames() {
        return Collections.unmodifiableSet(ALL_NAMES);
    }

    OptionalInt number(String name) {
        Integer nr = byName.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    Optional<String> name(int nr) {
        return Optional.ofNullable(byNumber.get(nr));
    }

    Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    int maxNumber() {
        return byNumber.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private static int bias(Arch arch) {
        return switch (arch) {
            case X32 -> Arch.X32_SYSCALL_BIT;
            case MIPS, MIPSEL -> 4000;
            case MIPS64, MIPSEL64 -> 5000;
            case MIPS64N32, MIPSEL64N32 -> 6000;
            default -> 0;
        };
    }

    private static Map<Arch, InterimSyscallTable> load() {
        Map<Arch, Map<String, Integer>> numbers = new EnumMap<>(Arch.class);
        try (InputStream in = InterimSyscallTable.class.getResourceAsStream("interim-syscalls.csv")) {
            if (in == null) {
                throw new IllegalStateException("interim-syscalls.csv missing from the classpath");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String header = r.readLine();
            String[] cols = header.split(",");
            Map<String, Integer> colIndex = new HashMap<>();
            for (int i = 1; i < cols.length; i++) {
                colIndex.put(cols[i], i);
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                ALL_NAMES.add(f[0]);
                for (Arch arch : Arch.values()) {
                    Integer idx = colIndex.get(arch.tableColumn());
                    numbers.computeIfAbsent(arch, a -> new HashMap<>());
                    if (idx == null || idx >= f.length || f[idx].equals("PNR")) {
                        continue;
                    }
                    numbers.get(arch).put(f[0], Integer.parseInt(f[idx]) + bias(arch));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Arch, InterimSyscallTable> tables = new EnumMap<>(Arch.class);
        numbers.forEach((a, m) -> tables.put(a, new InterimSyscallTable(Map.copyOf(m))));
        return tables;
    }
}
