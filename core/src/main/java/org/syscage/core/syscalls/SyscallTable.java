package org.syscage.core.syscalls;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.syscage.core.arch.Arch;

/**
 * The syscall numbers of one architecture, as the kernel sees them in {@code seccomp_data.nr}.
 *
 * <p>The data is libseccomp's {@code src/syscalls.csv} (see {@link #sourceVersion()} for the
 * kernel it was made from), turned into a resource by {@code tools/gen-syscall-tables.py}. The
 * resource keeps the csv's raw numbers; this class adds {@link Arch#syscallBias()}, so x32
 * numbers carry {@code 0x40000000} ({@code read} is {@code 1073741824}) and MIPS numbers their
 * ABI base ({@code read} is 4003 on o32, 5000 on n64, 6000 on n32). Arches that share a column
 * (mips/mipsel, ppc64/ppc64le, sh/sheb...) share their numbers.
 *
 * <h2>Reverse lookup</h2>
 * {@link #name(int)} takes the number the kernel sees. On arches with a bias it also accepts the
 * raw table number (x32 {@code 0} is {@code read}, mips {@code 3} is {@code read}), as
 * libseccomp's own resolvers do; the two ranges cannot overlap, so the answer is never ambiguous.
 *
 * <h2>Multiplexed syscalls (socketcall, ipc)</h2>
 * On x86, m68k, mips (o32), ppc, ppc64, s390, s390x and sh (both byte orders where there are
 * two), libseccomp treats the 20 socket syscalls ({@code socket} ... {@code sendmmsg}) and the
 * 12 SysV IPC syscalls ({@code semop} ... {@code shmctl}) as reachable through
 * {@code socketcall(2)} / {@code ipc(2)}, whatever the kernel version. A rule on such a name
 * becomes:
 * <ul>
 *   <li>a rule on the multiplexer with {@code arg0 == call} added ({@link #multiplexed}), always;
 *   <li>plus the same rule on the direct number ({@link #number}) when the arch has one
 *       (x86 {@code socket} = 359 since Linux 4.3; x86 {@code send} and {@code semop} have
 *       none and exist only multiplexed).
 * </ul>
 * So "does X on A need both the direct number and socketcall(call)?" is
 * {@code number(X).isPresent() && multiplexed(X).isPresent()}. On every other arch
 * {@link #multiplexed} is empty and only the direct number counts. ({@code socketcall} and
 * {@code ipc} themselves are ordinary direct syscalls here.) libseccomp's multiplexer rule
 * replaces any condition on argument 0 with {@code arg0 == call} and keeps the others as they
 * are; docs/syscall-tables.md lists this and the other quirks the compiler must reproduce.
 */
public final class SyscallTable {

    private final Arch arch;
    private final Map<String, Integer> numbers;
    private final Map<Integer, String> namesByNumber;
    private final Map<String, Multiplexed> multiplexed;
    private final Set<String> names;
    private final int maxNumber;

    private SyscallTable(Arch arch, TableResource resource) {
        this.arch = arch;
        int column = resource.column(arch.tableColumn());
        int bias = arch.syscallBias();
        Map<String, Integer> byName = new HashMap<>();
        Map<Integer, String> byNumber = new HashMap<>();
        for (TableResource.Row row : resource.rows()) {
            if (row.has(column)) {
                int nr = row.numbers()[column] + bias;
                byName.put(row.name(), nr);
                byNumber.put(nr, row.name());
            }
        }
        this.numbers = Map.copyOf(byName);
        this.namesByNumber = Map.copyOf(byNumber);
        this.multiplexed = multiplexedCalls(arch, byName);
        TreeSet<String> all = new TreeSet<>(byName.keySet());
        all.addAll(multiplexed.keySet());
        this.names = Collections.unmodifiableSortedSet(all);
        this.maxNumber = byNumber.keySet().stream().mapToInt(Integer::intValue).max()
                .orElseThrow(() -> new IllegalStateException("no syscalls for " + arch));
    }

    private static Map<String, Multiplexed> multiplexedCalls(Arch arch, Map<String, Integer> direct) {
        if (!SubCalls.MULTIPLEXING_ARCHES.contains(arch)) {
            return Map.of();
        }
        Map<String, Multiplexed> m = new HashMap<>();
        int socketcall = requireDirect(arch, direct, Multiplexed.SOCKETCALL);
        SubCalls.SOCKETCALL.forEach((name, call) -> m.put(name, new Multiplexed(Multiplexed.SOCKETCALL, socketcall, call)));
        int ipc = requireDirect(arch, direct, Multiplexed.IPC);
        SubCalls.IPC.forEach((name, call) -> m.put(name, new Multiplexed(Multiplexed.IPC, ipc, call)));
        return Map.copyOf(m);
    }

    private static int requireDirect(Arch arch, Map<String, Integer> direct, String name) {
        Integer nr = direct.get(name);
        if (nr == null) {
            throw new IllegalStateException(TableResource.NAME + " has no " + name + " for " + arch);
        }
        return nr;
    }

    /** The table of {@code arch}; all tables are built once, on first use, from the resource. */
    public static SyscallTable of(Arch arch) {
        return Loaded.TABLES.get(Objects.requireNonNull(arch, "arch"));
    }

    /** The kernel the data was generated from, as libseccomp's csv names it (e.g. {@code v7.1.0-rc4}). */
    public static String sourceVersion() {
        return Loaded.VERSION;
    }

    /**
     * Every syscall name known on any arch, direct or multiplexed; lets callers tell a misspelt
     * name from one that merely does not exist on a given arch.
     */
    public static Set<String> allNames() {
        return Loaded.ALL_NAMES;
    }

    public Arch arch() {
        return arch;
    }

    /**
     * The direct number of {@code name} as the kernel sees it (x32 and MIPS biased); empty when
     * the arch has no such direct syscall, including names reached only through a multiplexer.
     */
    public OptionalInt number(String name) {
        Integer nr = numbers.get(Objects.requireNonNull(name, "name"));
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** The syscall with number {@code nr}: the biased number, or on biased arches the raw one too. */
    public Optional<String> name(int nr) {
        String name = namesByNumber.get(nr);
        int bias = arch.syscallBias();
        if (name == null && bias != 0 && nr >= 0 && nr < bias) {
            name = namesByNumber.get(nr + bias);
        }
        return Optional.ofNullable(name);
    }

    /** How {@code name} is reached through socketcall(2)/ipc(2) on this arch; empty where it is not. */
    public Optional<Multiplexed> multiplexed(String name) {
        return Optional.ofNullable(multiplexed.get(Objects.requireNonNull(name, "name")));
    }

    /** The syscalls this arch has, direct or multiplexed, sorted by name. */
    public Set<String> names() {
        return names;
    }

    /** The largest direct syscall number (biased like {@link #number}); arm's counts its private 0xf0000 range. */
    public int maxNumber() {
        return maxNumber;
    }

    @Override
    public String toString() {
        return "SyscallTable[" + arch + ", " + numbers.size() + " direct syscalls, Linux " + sourceVersion() + "]";
    }

    /** Holder idiom: the resource is read the first time any table is asked for, exactly once. */
    private static final class Loaded {
        static final String VERSION;
        static final Map<Arch, SyscallTable> TABLES;
        static final Set<String> ALL_NAMES;

        static {
            TableResource resource = TableResource.load();
            VERSION = resource.kernelVersion();
            Map<Arch, SyscallTable> tables = new EnumMap<>(Arch.class);
            TreeSet<String> all = new TreeSet<>();
            for (Arch a : Arch.values()) {
                SyscallTable t = new SyscallTable(a, resource);
                tables.put(a, t);
                all.addAll(t.names());
            }
            TABLES = Collections.unmodifiableMap(tables);
            ALL_NAMES = Collections.unmodifiableSortedSet(all);
        }
    }
}
