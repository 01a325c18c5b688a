package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;

/**
 * The optimizing code generator: a {@link FilterSpec} becomes a program that decides the same for
 * every input, in fewer instructions than libseccomp's.
 *
 * <ul>
 * <li>Per arch, consecutive syscall numbers with the same decision form one run; a
 *     {@link NumberSearch} of {@code jge} splits and {@code jeq} tests on single numbers finds
 *     the run, shaped so that the mean number of comparisons over the arch's syscall numbers is
 *     smallest (each run weighted by how many syscall numbers of the arch's table it covers).</li>
 * <li>Argument tests only on the paths of syscalls that have them; a syscall without argument
 *     tests is decided by loads of nr/arch, {@code jeq/jge} with constants and {@code ret} only,
 *     so the kernel's action cache can cache every such ALLOW.</li>
 * <li>No test whose outcome is already known on its path (from earlier tests of the same word,
 *     or a mask of 0), no load of a word the accumulator already holds; single-bit and
 *     zero masked tests use {@code jset} instead of {@code and} + {@code jeq}.</li>
 * <li>Identical blocks (returns, argument checks of several syscalls) exist once.</li>
 * </ul>
 */
public final class BpfCodegen {
    private final Ir ir = new Ir();
    private final int defaultAction;

    private final NumberSearch.Priority priority;
    /**
     * Whether argument tests use what earlier tests on their path proved. Leaving out tests whose
     * outcome is known saves instructions executed, but it makes the same rule's code differ from
     * path to path, so it cannot be shared.
     */
    private final boolean pathKnowledge;

    private BpfCodegen(int defaultAction, NumberSearch.Priority priority, boolean pathKnowledge) {
        this.defaultAction = defaultAction;
        this.priority = priority;
        this.pathKnowledge = pathKnowledge;
    }

    /** Per-arch figures of a generated program. */
    public record ArchStats(int auditArch, List<Arch> abis, int runs) {
    }

    /** Generates the program for a spec. */
    public static BpfProgram generate(FilterSpec spec) {
        return generate(spec, NumberSearch.Priority.SPEED);
    }

    /** The program for a spec, its number searches weighing size as {@code priority} says. */
    static BpfProgram generate(FilterSpec spec, NumberSearch.Priority priority) {
        return Linearizer.layOut(new BpfCodegen(spec.defaultAction(), priority, true).root(spec));
    }

    /**
     * The shortest program this generator makes for a spec: size first in the number search, and
     * argument code with and without what paths proved, whichever is shorter.
     */
    static BpfProgram smallest(FilterSpec spec) {
        BpfProgram pruned = generate(spec, NumberSearch.Priority.SIZE);
        BpfProgram shared = Linearizer.layOut(
                new BpfCodegen(spec.defaultAction(), NumberSearch.Priority.SIZE, false).root(spec));
        return shared.size() < pruned.size() ? shared : pruned;
    }

    /** The number of runs (distinct-decision ranges) each arch's search distinguishes. */
    public static List<ArchStats> stats(FilterSpec spec) {
        BpfCodegen g = new BpfCodegen(spec.defaultAction(), NumberSearch.Priority.SPEED, true);
        List<ArchStats> out = new ArrayList<>();
        for (ArchDispatch d : spec.dispatches()) {
            out.add(new ArchStats(d.auditArch(), d.abis(), g.runs(d).size()));
        }
        return out;
    }

    private Ir.Node root(FilterSpec spec) {
        Ir.Node next = ir.ret(spec.badArchAction());
        List<ArchDispatch> ds = spec.dispatches();
        for (int i = ds.size() - 1; i >= 0; i--) {
            next = ir.jump(Bpf.BPF_JEQ, ds.get(i).auditArch(), section(ds.get(i)), next);
        }
        return ir.load(Bpf.SECCOMP_DATA_ARCH, next);
    }

    private List<NumberSearch.Run> runs(ArchDispatch d) {
        List<NumberSearch.Run> runs = new ArrayList<>();
        for (Map.Entry<Integer, SyscallPolicy> e : d.runs().entrySet()) {
            Ir.Node code = leaf(e.getValue());
            int last = d.runEnd(e.getKey());
            if (!runs.isEmpty() && runs.getLast().code() == code) {
                NumberSearch.Run prev = runs.removeLast();
                runs.add(new NumberSearch.Run(prev.first(), last, code));
            } else {
                runs.add(new NumberSearch.Run(e.getKey(), last, code));
            }
        }
        return runs;
    }

    private Ir.Node leaf(SyscallPolicy p) {
        return switch (p) {
            case SyscallPolicy.Fixed f -> ir.ret(f.action());
            case SyscallPolicy.ByArguments b -> args(b.tests(), Acc.NR, Knowledge.NONE);
        };
    }

    private Ir.Node section(ArchDispatch d) {
        List<NumberSearch.Run> runs = runs(d);
        return ir.load(Bpf.SECCOMP_DATA_NR, NumberSearch.build(ir, runs, weights(d, runs), priority));
    }

    /**
     * Weight of one syscall number. x32's numbers weigh a sixteenth of the others: x32 binaries
     * are rare, and a search balanced over both halves of AUDIT_ARCH_X86_64 would make every
     * x86_64 syscall pay for them.
     */
    private static final long NUMBER_WEIGHT = 16;
    private static final long X32_NUMBER_WEIGHT = 1;

    /**
     * How much each run matters: the weighted count of the numbers it covers within the span of
     * the arch's syscall table (x32's span starts at bit 30), plus one so that no run is pushed
     * arbitrarily deep.
     */
    private static long[] weights(ArchDispatch d, List<NumberSearch.Run> runs) {
        List<long[]> spans = new ArrayList<>();
        for (Arch a : d.abis()) {
            SyscallTable t = SyscallTable.of(a);
            long lo = Long.MAX_VALUE;
            long hi = -1;
            for (String n : t.names()) {
                if (t.number(n).isPresent()) {
                    long nr = Integer.toUnsignedLong(t.number(n).getAsInt());
                    lo = Math.min(lo, nr);
                    hi = Math.max(hi, nr);
                }
            }
            if (hi >= 0) {
                boolean x32 = a == Arch.X32;
                // {first number, last number, weight of each}
                spans.add(new long[] {x32 ? Arch.X32_SYSCALL_BIT : Math.min(lo, 0), hi, x32 ? X32_NUMBER_WEIGHT : NUMBER_WEIGHT});
            }
        }
        long[] w = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            long first = Integer.toUnsignedLong(runs.get(i).first());
            long last = Integer.toUnsignedLong(runs.get(i).last());
            long covered = 0;
            for (long[] s : spans) {
                long a = Math.max(first, s[0]);
                long b = Math.min(last, s[1]);
                if (a <= b) {
                    covered += (b - a + 1) * s[2];
                }
            }
            w[i] = covered + 1;
        }
        return w;
    }

    // ---- argument tests ---------------------------------------------------------------------

    /** What the accumulator holds: word at offset under mask. */
    private record Acc(int offset, int mask) {
        static final Acc NR = new Acc(Bpf.SECCOMP_DATA_NR, -1);
    }

    /** What earlier tests on the path proved: per word offset, an unsigned range [lo, hi]. */
    private record Knowledge(TreeMap<Integer, long[]> ranges) {
        static final Knowledge NONE = new Knowledge(new TreeMap<>());

        long[] range(int offset) {
            long[] r = ranges.get(offset);
            return r == null ? new long[] {0, 0xffffffffL} : r;
        }

        Knowledge with(int offset, long lo, long hi) {
            TreeMap<Integer, long[]> m = new TreeMap<>(ranges);
            m.put(offset, new long[] {lo, hi});
            return new Knowledge(m);
        }

        List<Object> key() {
            List<Object> k = new ArrayList<>();
            ranges.forEach((o, r) -> {
                k.add(o);
                k.add(r[0]);
                k.add(r[1]);
            });
            return k;
        }
    }

    private final Map<List<Object>, Ir.Node> argMemo = new HashMap<>();

    private Ir.Node args(ArgNode node, Acc acc, Knowledge known) {
        if (node instanceof ArgNode.Return r) {
            return ir.ret(r.action());
        }
        ArgNode.Test t = (ArgNode.Test) node;
        List<Object> key = List.of(t, acc, known.key());
        Ir.Node done = argMemo.get(key);
        if (done != null) {
            return done;
        }
        Ir.Node result = test(t, acc, known);
        argMemo.put(key, result);
        return result;
    }

    private Ir.Node test(ArgNode.Test t, Acc acc, Knowledge known) {
        WordTest w = t.word();
        long[] r = known.range(w.offset());
        Boolean fixed = outcome(w, r[0], r[1]);
        if (fixed != null) {
            return args(fixed ? t.onTrue() : t.onFalse(), acc, known);
        }
        long k = Integer.toUnsignedLong(w.value());
        Knowledge yes = known;
        Knowledge no = known;
        if (w.mask() == -1 && pathKnowledge) {
            switch (w.cmp()) {
                case EQ, MASKED_EQ -> {
                    yes = known.with(w.offset(), k, k);
                    if (k == r[0]) {
                        no = known.with(w.offset(), r[0] + 1, r[1]);
                    } else if (k == r[1]) {
                        no = known.with(w.offset(), r[0], r[1] - 1);
                    }
                }
                case GT -> {
                    yes = known.with(w.offset(), Math.max(r[0], k + 1), r[1]);
                    no = known.with(w.offset(), r[0], Math.min(r[1], k));
                }
                case GE -> {
                    yes = known.with(w.offset(), Math.max(r[0], k), r[1]);
                    no = known.with(w.offset(), r[0], Math.min(r[1], k - 1));
                }
            }
        }
        boolean eqTest = w.cmp() == WordTest.Cmp.EQ || w.cmp() == WordTest.Cmp.MASKED_EQ;
        if (eqTest && w.mask() != -1 && (w.value() == 0 || (w.value() == w.mask() && Integer.bitCount(w.mask()) == 1))) {
            // (word & m) == 0 and (word & bit) == bit are one jset on the unmasked word
            Acc word = new Acc(w.offset(), -1);
            Ir.Node onSet = args(w.value() == 0 ? t.onFalse() : t.onTrue(), word, no);
            Ir.Node onClear = args(w.value() == 0 ? t.onTrue() : t.onFalse(), word, yes);
            return ensure(acc, word, ir.jump(Bpf.BPF_JSET, w.mask(), onSet, onClear));
        }
        Acc after = new Acc(w.offset(), w.mask());
        int op = switch (w.cmp()) {
            case EQ, MASKED_EQ -> Bpf.BPF_JEQ;
            case GT -> Bpf.BPF_JGT;
            case GE -> Bpf.BPF_JGE;
        };
        Ir.Node jump = ir.jump(op, w.value(), args(t.onTrue(), after, yes), args(t.onFalse(), after, no));
        return ensure(acc, after, jump);
    }

    /** Prefixes {@code code} with what turns accumulator {@code have} into {@code want}. */
    private Ir.Node ensure(Acc have, Acc want, Ir.Node code) {
        if (have.equals(want)) {
            return code;
        }
        if (have.offset() == want.offset() && have.mask() == -1) {
            return ir.and(want.mask(), code);
        }
        Ir.Node masked = want.mask() == -1 ? code : ir.and(want.mask(), code);
        return ir.load(want.offset(), masked);
    }

    /** The test's outcome when the word's range decides it, else null. */
    static Boolean outcome(WordTest w, long lo, long hi) {
        if (lo > hi) {
            return Boolean.FALSE; // an impossible path: any outcome will do
        }
        if (lo == hi) {
            return w.test((int) lo);
        }
        if (w.mask() == 0) {
            return w.test(0);
        }
        if (w.mask() != -1) {
            return null;
        }
        long k = Integer.toUnsignedLong(w.value());
        return switch (w.cmp()) {
            case EQ, MASKED_EQ -> k < lo || k > hi ? Boolean.FALSE : null;
            case GT -> lo > k ? Boolean.TRUE : hi <= k ? Boolean.FALSE : null;
            case GE -> lo >= k ? Boolean.TRUE : hi < k ? Boolean.FALSE : null;
        };
    }
}
