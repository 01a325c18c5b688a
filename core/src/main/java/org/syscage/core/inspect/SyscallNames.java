package org.syscage.core.inspect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Syscall names and numbers as the disassembler prints and the assembler reads them, for one arch.
 *
 * <p>On the five arches seccomp-tools knows (amd64, i386, aarch64, riscv64, s390x) these are
 * seccomp-tools' own tables ({@code seccomp-tools-syscalls.txt}), so a disassembly names exactly
 * what seccomp-tools names and prints the rest in hex: its amd64 table stops at {@code statx}
 * (332), so {@code clone3} shows as {@code 0x1b3} there, as it does in seccomp-tools. amd64 also
 * holds the x32 calls as {@code x32_<name>} ({@code x32_read} = 0x40000000). On every other arch
 * the names are those of {@link SyscallTable} (libseccomp's).
 */
public final class SyscallNames {

    private static final String RESOURCE = "seccomp-tools-syscalls.txt";

    private final Arch arch;
    private final String qualifier;
    private final Map<String, Integer> numbers;
    private final Map<Integer, String> names;

    private SyscallNames(Arch arch, String qualifier, Map<String, Integer> numbers, Map<Integer, String> names) {
        this.arch = arch;
        this.qualifier = qualifier;
        this.numbers = numbers;
        this.names = names;
    }

    /** The names of {@code arch}; x32 uses amd64's table, which holds the x32 calls. */
    public static SyscallNames of(Arch arch) {
        return Loaded.BY_ARCH.get(Objects.requireNonNull(arch, "arch"));
    }

    /** The arch whose qualifier (as in {@code i386.fork}) or any spelling is {@code name}. */
    public static Optional<Arch> archByQualifier(String name) {
        for (Map.Entry<Arch, SyscallNames> e : Loaded.BY_ARCH.entrySet()) {
            if (e.getValue().qualifier.equals(name)) {
                return Optional.of(e.getKey() == Arch.X32 ? Arch.X86_64 : e.getKey());
            }
        }
        return Arch.find(name);
    }

    public Arch arch() {
        return arch;
    }

    /**
     * The prefix that names this arch in {@code <arch>.<syscall>}: seccomp-tools' {@code amd64},
     * {@code i386}, {@code aarch64}, {@code riscv64}, {@code s390x}; the kernel name elsewhere.
     */
    public String qualifier() {
        return qualifier;
    }

    /** Whether these are seccomp-tools' own names for the arch. */
    public boolean isSeccompTools() {
        return Loaded.TOOLS_QUALIFIER.containsKey(arch);
    }

    /** The name shown for syscall number {@code nr} (unsigned 32-bit), if the table has one. */
    public Optional<String> name(int nr) {
        return Optional.ofNullable(names.get(nr));
    }

    /** The number of a syscall name (aliases included), if the arch has it. */
    public OptionalInt number(String name) {
        Integer nr = numbers.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** Every name this table knows, aliases included. */
    public Set<String> allNames() {
        return Collections.unmodifiableSet(numbers.keySet());
    }

    private static SyscallNames fromTable(Arch arch) {
        SyscallTable table = SyscallTable.of(arch);
        Map<String, Integer> numbers = new HashMap<>();
        Map<Integer, String> names = new HashMap<>();
        for (String name : table.names()) {
            table.number(name).ifPresent(nr -> {
                numbers.put(name, nr);
                names.put(nr, name);
            });
        }
        return new SyscallNames(arch, arch.kernelName(), Map.copyOf(numbers), Map.copyOf(names));
    }

    private static SyscallNames fromTools(Arch arch, String qualifier, Map<String, Integer> section) {
        Map<String, Integer> numbers = new LinkedHashMap<>(section);
        if (arch == Arch.X86_64) {
            // seccomp-tools derives the x32 names from amd64's, in the same order
            section.forEach((name, nr) -> numbers.put("x32_" + name, nr | Arch.X32_SYSCALL_BIT));
        }
        Map<Integer, String> names = new HashMap<>();
        // the later of two names for one number is the one shown (pread64 over pread)
        numbers.forEach((name, nr) -> names.put(nr, name));
        return new SyscallNames(arch, qualifier, Collections.unmodifiableMap(numbers), Map.copyOf(names));
    }

    private static final class Loaded {
        static final Map<Arch, String> TOOLS_QUALIFIER = Map.of(
                Arch.X86_64, "amd64", Arch.X32, "amd64", Arch.X86, "i386",
                Arch.AARCH64, "aarch64", Arch.RISCV64, "riscv64", Arch.S390X, "s390x");
        static final Map<Arch, SyscallNames> BY_ARCH;

        static {
            Map<String, Map<String, Integer>> sections = readSections();
            Map<Arch, SyscallNames> all = new EnumMap<>(Arch.class);
            for (Arch a : Arch.values()) {
                String q = TOOLS_QUALIFIER.get(a);
                if (a == Arch.X32) {
                    continue;
                }
                all.put(a, q == null ? fromTable(a) : fromTools(a, q, sections.get(q)));
            }
            SyscallNames amd64 = all.get(Arch.X86_64);
            all.put(Arch.X32, new SyscallNames(Arch.X32, amd64.qualifier, amd64.numbers, amd64.names));
            BY_ARCH = Collections.unmodifiableMap(all);
        }

        private static Map<String, Map<String, Integer>> readSections() {
            Map<String, Map<String, Integer>> sections = new HashMap<>();
            try (InputStream in = SyscallNames.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, Integer> current = null;
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    if (line.startsWith("[")) {
                        current = new LinkedHashMap<>();
                        sections.put(line.substring(1, line.length() - 1), current);
                        continue;
                    }
                    String[] f = line.trim().split(" ");
                    Objects.requireNonNull(current, "entry before a section").put(f[0], Integer.parseInt(f[1]));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return sections;
        }
    }
}
