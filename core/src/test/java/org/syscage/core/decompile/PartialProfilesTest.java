package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.BPF_K;
import static org.syscage.core.bpf.Bpf.BPF_RET;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.inspect.Assembler;
import org.syscage.core.syscalls.SyscallTable;

/**
 * What {@code decompile --partial} promises: the syscalls no finding is about decide as the
 * filter does. Random filters mix what a profile can say (tests on argument words) with what it
 * cannot (the instruction pointer, arithmetic, numbers without a name decided apart, a test of
 * the instruction pointer before the dispatch); the partial profile, compiled by syscage's
 * compiler, and the filter then run in the emulator on the same inputs.
 */
class PartialProfilesTest {
    private static final List<String> NAMES = List.of("read", "write", "openat", "close", "mmap", "ioctl", "kill",
            "socket", "clone", "prctl", "futex", "getpid");
    private static final List<String> RETURNS = List.of("ALLOW", "KILL", "KILL_PROCESS", "ERRNO(1)", "ERRNO(13)",
            "LOG", "TRAP");
    private static final long[] IPS = {0, 0x1000, 0x1001, 0x400000, 0x7fffffffffffL};

    @Property(tries = 40, seed = "20260601")
    void syscallsNoFindingIsAboutDecideAsTheFilter(@ForAll long seed) {
        Random r = new Random(seed);
        String source = randomFilter(r);
        BpfProgram filter = BpfProgram.of(Assembler.assemble(source, "<random>", Arch.X86_64));
        Decompilation d = Decompiler.decompile(filter, true, List.of(Arch.X86_64), null);
        if (d.stats().syscalls() == 0) {
            return; // the search gave up: no profile to hold to anything
        }
        // The default is something the filter returns (a default it never gives misleads).
        Decision dflt = new Decision(d.profile().defaultAction(), d.profile().defaultErrnoRet() == null ? 0
                : d.profile().defaultErrnoRet());
        assertTrue(filter.instructions().stream().filter(in -> in.code() == (BPF_RET | BPF_K))
                .anyMatch(in -> Decision.ofReturn(in.k()).equals(dflt)), () -> dflt + " from\n" + source);
        BpfProgram partial = SyscageCompiler.INSTANCE.compile(d.profile(), d.badArch().orElse(null));
        List<Long> values = Agreement.interestingValues(filter);
        SyscallTable table = SyscallTable.of(Arch.X86_64);
        List<Integer> numbers = new ArrayList<>();
        for (String name : table.names()) {
            if (!d.leftToDefault().contains(name)) {
                table.number(name).ifPresent(numbers::add);
            }
        }
        if (!d.unnamedLeftToDefault().contains(Arch.X86_64)) {
            numbers.addAll(List.of(999, 1000, 0x3fffffff));
        }
        for (int nr : numbers) {
            for (int sample = 0; sample < 6; sample++) {
                long[] args = new long[6];
                for (int i = 0; i < args.length; i++) {
                    args[i] = sample == 0 ? 0 : values.get(r.nextInt(values.size()));
                }
                SeccompData input = new SeccompData(nr, Arch.X86_64.auditArch(), IPS[r.nextInt(IPS.length)], args);
                Decision filterSays = Decision.ofReturn(Emulator.decide(filter, input, true));
                Decision profileSays = Decision.ofReturn(Emulator.decide(partial, input, true));
                assertEquals(filterSays, profileSays, () -> input + "\n" + source + "\n"
                        + ProfileWriter.write(d.profile(), ProfileFormat.OCI) + "\n"
                        + d.findings().stream().map(Finding::render).toList());
            }
        }
    }

    /** An x86_64 dispatch on a few syscalls (and maybe number 999), each with a random tree of tests. */
    static String randomFilter(Random r) {
        StringBuilder b = new StringBuilder();
        Labels labels = new Labels();
        String early = null;
        if (r.nextInt(4) == 0) { // a test of the instruction pointer before anything else, as in QA's h2
            early = labels.next();
            b.append("A = instruction_pointer\nif (A == 0x1000) goto ").append(early).append('\n');
        }
        if (r.nextBoolean()) {
            b.append("A = arch\nif (A != ARCH_X86_64) goto bad\n");
        }
        b.append("A = sys_number\nif (A >= 0x40000000) goto bad\n");
        List<String> bodies = new ArrayList<>();
        StringBuilder blocks = new StringBuilder();
        List<Integer> nrs = new ArrayList<>();
        SyscallTable table = SyscallTable.of(Arch.X86_64);
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            nrs.add(table.number(NAMES.get(r.nextInt(NAMES.size()))).getAsInt());
        }
        if (r.nextInt(3) == 0) {
            nrs.add(999);
        }
        for (int nr : nrs.stream().distinct().toList()) {
            String label = labels.next();
            b.append("if (A == ").append(nr).append(") goto ").append(label).append('\n');
            bodies.add(label);
            blocks.append(label).append(":\n");
            tree(r, 1 + r.nextInt(3), labels, blocks);
        }
        b.append("return ").append(ret(r)).append('\n');
        b.append(blocks);
        if (early != null) {
            b.append(early).append(": return ").append(ret(r)).append('\n');
        }
        b.append("bad: return KILL\n");
        return b.toString();
    }

    private static void tree(Random r, int depth, Labels labels, StringBuilder out) {
        if (depth == 0) {
            out.append("return ").append(ret(r)).append('\n');
            return;
        }
        String yes = labels.next();
        String no = labels.next();
        int arg = r.nextInt(3);
        switch (r.nextInt(6)) {
            case 0 -> out.append("A = args[").append(arg).append("]\nif (A == ").append(r.nextInt(4)).append(")");
            case 1 -> out.append("A = args[").append(arg).append("]\nif (A & ").append(1L << r.nextInt(32)).append(")");
            case 2 -> out.append("A = args_h[").append(arg).append("]\nif (A == ").append(r.nextInt(2)).append(")");
            case 3 -> out.append("A = args[").append(arg).append("]\nif (A > ").append(r.nextInt(100)).append(")");
            case 4 -> out.append("A = instruction_pointer\nif (A == 0x1000)"); // no profile sees it
            default -> out.append("A = args[").append(arg).append("]\nA += 1\nif (A > 2)"); // nor this
        }
        out.append(" goto ").append(yes).append(" else goto ").append(no).append('\n');
        out.append(yes).append(":\n");
        tree(r, r.nextInt(3) == 0 ? 0 : depth - 1, labels, out);
        out.append(no).append(":\n");
        tree(r, r.nextBoolean() ? 0 : depth - 1, labels, out);
    }

    private static String ret(Random r) {
        return RETURNS.get(r.nextInt(RETURNS.size()));
    }

    private static final class Labels {
        private int count;

        String next() {
            return "l" + count++;
        }
    }
}
