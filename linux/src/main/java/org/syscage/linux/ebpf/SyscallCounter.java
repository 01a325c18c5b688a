package org.syscage.linux.ebpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.syscage.linux.ebpf.Reg.R0;
import static org.syscage.linux.ebpf.Reg.R1;
import static org.syscage.linux.ebpf.Reg.R10;
import static org.syscage.linux.ebpf.Reg.R2;
import static org.syscage.linux.ebpf.Reg.R3;
import static org.syscage.linux.ebpf.Reg.R4;
import static org.syscage.linux.ebpf.Reg.R6;
import static org.syscage.linux.ebpf.Reg.R7;
import static org.syscage.linux.ebpf.Reg.R8;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.arch.Arch;

/**
 * An eBPF program on the raw {@code sys_enter} tracepoint that counts, in the kernel, every
 * system call made by the processes of one {@link Scope}, per arch and number, and remembers
 * the thread that made each one first.
 *
 * <p>Maps: {@code counts}, an array of u64 indexed by slot; {@code firsts}, an array of
 * {@code {u32 tid; u32 pad; char comm[16]}} indexed by slot, written once per slot (when an
 * atomic fetch-add of {@code counts} returns 0, which exactly one caller sees). Slots:
 * {@code [0, 1024)} native numbers, {@code [1024, 2048)} compat (32-bit) numbers,
 * {@code [2048, 3072)} x32 numbers (bit 30 cleared), and {@link #OUT_OF_RANGE} for any number
 * beyond 1023 (no arch has one yet; {@code syscall(-1)} lands there).
 *
 * <pre>{@code
 * try (SyscallCounter counter = SyscallCounter.load(new SyscallCounter.Scope.Process(pid))) {
 *     counter.attach();
 *     ...
 *     counter.detach();
 *     counter.read();    // [Count[arch=x86_64, number=39, count=3, ...], ...]
 * }
 * }</pre>
 */
public final class SyscallCounter implements AutoCloseable {
    /** Numbers per arch region. */
    public static final int REGION = 1024;
    static final int NATIVE = 0;
    static final int COMPAT = REGION;
    static final int X32 = 2 * REGION;
    public static final int OUT_OF_RANGE = 3 * REGION;
    private static final int SLOTS = OUT_OF_RANGE + 1;
    private static final int FIRST_BYTES = 24;
    private static final int COMM_BYTES = 16;

    /** Whose calls are counted. */
    public sealed interface Scope {
        /**
         * Every task in cgroup {@code cgroup} or below it (bpf_current_task_under_cgroup). Children
         * stay in their parent's cgroup, so a process tree is followed whole.
         */
        record Cgroup(Cgroup2 cgroup) implements Scope {
        }

        /**
         * Every thread of process {@code tgid}, and nothing else: children it starts are not
         * counted (a pid filter cannot follow forks without tracing them; use a cgroup for a tree).
         */
        record Process(int tgid) implements Scope {
        }
    }

    /** Calls counted in one slot. {@code firstComm} is the first caller's thread name (15 characters at most). */
    public record Count(Arch arch, int number, long count, int firstTid, String firstComm) {
    }

    private final List<Fd> fds = new ArrayList<>();
    private final Fd counts;
    private final Fd firsts;
    private final Fd program;
    private final SyscallAbi abi;
    private Fd link;

    private SyscallCounter(Scope scope, SyscallAbi abi) {
        this.abi = abi;
        try {
            counts = keep(Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, Long.BYTES, SLOTS, "syscage_counts"));
            firsts = keep(Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, FIRST_BYTES, SLOTS, "syscage_firsts"));
            Prologue prologue = switch (scope) {
                case Scope.Cgroup c -> {
                    Fd cgroups = keep(Bpf.createMap(Bpf.MAP_TYPE_CGROUP_ARRAY, Integer.BYTES, Integer.BYTES, 1,
                            "syscage_cgroup"));
                    try (Fd dir = c.cgroup().open(); Arena arena = Arena.ofConfined()) {
                        Bpf.update(cgroups, arena.allocateFrom(JAVA_INT, 0), arena.allocateFrom(JAVA_INT, dir.value()));
                    }
                    yield new Prologue.UnderCgroup(cgroups.value());
                }
                case Scope.Process p -> new Prologue.OfProcess(p.tgid());
            };
            byte[] code = program(prologue, counts.value(), firsts.value(), abi).assemble();
            program = keep(Bpf.loadProgram(Bpf.PROG_TYPE_RAW_TRACEPOINT, code, LICENSE, "syscage_count"));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The kernel makes programs that call GPL-only helpers (bpf_probe_read_kernel) declare a
     * GPL-compatible license; this small counting program is offered under it.
     */
    static final String LICENSE = "GPL";

    /** Loads the program for {@code scope} on the host's arch (not attached yet). */
    public static SyscallCounter load(Scope scope) {
        return load(scope, SyscallAbi.ofThisMachine().orElseThrow(() ->
                new UnsupportedOperationException("the eBPF recorder does not know " + Arch.host() + "'s pt_regs")));
    }

    /** Loads the program with a given way of telling compat calls (tests try each one the host can use). */
    static SyscallCounter load(Scope scope, SyscallAbi abi) {
        return new SyscallCounter(scope, abi);
    }

    private Fd keep(Fd fd) {
        fds.add(fd);
        return fd;
    }

    /** How the program picks the calls of its scope: it exits early (returns 0) for any other task. */
    sealed interface Prologue {
        record UnderCgroup(int cgroupArrayFd) implements Prologue {
        }

        record OfProcess(int tgid) implements Prologue {
        }
    }

    /**
     * The program. Context: {@code struct bpf_raw_tracepoint_args}, {@code u64 args[2]} with
     * args[0] the caller's {@code struct pt_regs *} and args[1] the syscall number. Stack:
     * fp-8 the word that tells a compat call (from pt_regs or the task), fp-12 the slot (map key),
     * fp-40..fp-16 a firsts value.
     */
    static Assembler program(Prologue prologue, int countsFd, int firstsFd, SyscallAbi abi) {
        Assembler a = new Assembler();
        Assembler.Label out = a.newLabel();
        Assembler.Label nativeCall = a.newLabel();
        Assembler.Label ranged = a.newLabel();
        Assembler.Label outOfRange = a.newLabel();
        Assembler.Label count = a.newLabel();
        a.mov(R6, R1);
        switch (prologue) {
            case Prologue.UnderCgroup c -> a.loadMap(R1, c.cgroupArrayFd()).mov(R2, 0)
                    .call(Helper.CURRENT_TASK_UNDER_CGROUP).jne(R0, 1, out);
            case Prologue.OfProcess p -> a.call(Helper.GET_CURRENT_PID_TGID).rsh(R0, 32).jne(R0, p.tgid(), out);
        }
        a.load(Insn.DW, R7, R6, 8);                       // r7 = the syscall number
        a.mov(R8, NATIVE);                                // r8 = the region's first slot
        switch (abi.test()) {
            case SyscallAbi.CompatTest.SavedRegister r -> a
                    .mov(R1, R10).add(R1, -8).mov(R2, 8).load(Insn.DW, R3, R6, 0).add(R3, r.regsOffset())
                    .call(Helper.PROBE_READ_KERNEL).jne(R0, 0, nativeCall)
                    .load(Insn.DW, R1, R10, -8).and(R1, r.mask()).jne(R1, r.value(), nativeCall);
            case SyscallAbi.CompatTest.TaskFlag f -> a
                    .call(Helper.GET_CURRENT_TASK).mov(R3, R0).add(R3, f.taskOffset())
                    .mov(R1, R10).add(R1, -8).mov(R2, 4)
                    .call(Helper.PROBE_READ_KERNEL).jne(R0, 0, nativeCall)
                    .load(Insn.W, R1, R10, -8).and(R1, f.mask()).jeq(R1, 0, nativeCall);
        }
        a.mov(R8, COMPAT).ja(ranged);
        a.bind(nativeCall);
        if (abi.x32()) {
            a.mov(R1, R7).and(R1, Arch.X32_SYSCALL_BIT).jeq(R1, 0, ranged)
                    .mov(R8, X32).and(R7, ~Arch.X32_SYSCALL_BIT);
        }
        a.bind(ranged).jge(R7, REGION, outOfRange).add(R7, R8).ja(count);
        a.bind(outOfRange).mov(R7, OUT_OF_RANGE);
        a.bind(count).store(Insn.W, R10, -12, R7);
        a.loadMap(R1, countsFd).mov(R2, R10).add(R2, -12).call(Helper.MAP_LOOKUP_ELEM).jeq(R0, 0, out);
        a.mov(R1, 1).atomicFetchAdd(R0, 0, R1).jne(R1, 0, out);
        // The slot's first call: remember who made it.
        a.call(Helper.GET_CURRENT_PID_TGID).store(Insn.W, R10, -40, R0).store(Insn.W, R10, -36, 0);
        a.mov(R1, R10).add(R1, -32).mov(R2, COMM_BYTES).call(Helper.GET_CURRENT_COMM);
        a.loadMap(R1, firstsFd).mov(R2, R10).add(R2, -12).mov(R3, R10).add(R3, -40).mov(R4, 0)
                .call(Helper.MAP_UPDATE_ELEM);
        a.bind(out).mov(R0, 0).exit();
        return a;
    }

    /** Starts counting: attaches the program to {@code sys_enter}. */
    public void attach() {
        if (link != null) {
            throw new IllegalStateException("already attached");
        }
        link = keep(Bpf.attachRawTracepoint(program, "sys_enter"));
    }

    /** Stops counting. */
    public void detach() {
        if (link != null) {
            link.close();
        }
    }

    /** Every slot counted so far, native calls first, in number order; out-of-range calls as number -1 of the host. */
    public List<Count> read() {
        List<Count> result = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            // Every count in one call where the kernel can batch (a lookup per slot made 3073
            // system calls); the first callers of the few slots used, one lookup each.
            MemorySegment countValues = Bpf.readArray(counts, Long.BYTES, SLOTS, arena);
            MemorySegment key = arena.allocate(JAVA_INT);
            MemorySegment first = arena.allocate(FIRST_BYTES, 8);
            for (int slot = 0; slot < SLOTS; slot++) {
                long count = countValues.getAtIndex(JAVA_LONG, slot);
                Optional<Arch> arch = count == 0 ? Optional.empty() : archOf(slot);
                if (arch.isEmpty()) {
                    continue;
                }
                key.set(JAVA_INT, 0, slot);
                first.fill((byte) 0);
                Bpf.lookup(firsts, key, first);
                int number = slot == OUT_OF_RANGE ? -1 : slot % REGION + arch.get().syscallBias();
                result.add(new Count(arch.get(), number, count, first.get(JAVA_INT, 0),
                        first.asSlice(8, COMM_BYTES).getString(0)));
            }
        }
        return result;
    }

    private Optional<Arch> archOf(int slot) {
        return switch (slot / REGION) {
            case 0, 3 -> Optional.of(abi.host());
            case 1 -> Optional.of(abi.compat());
            case 2 -> abi.x32() ? Optional.of(Arch.X32) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Detaches and closes every map and the program. */
    @Override
    public void close() {
        for (int i = fds.size() - 1; i >= 0; i--) {
            fds.get(i).close();
        }
        fds.clear();
    }
}
