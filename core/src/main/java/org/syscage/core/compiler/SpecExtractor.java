package org.syscage.core.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;

/**
 * Reads what libseccomp's generated program decides, per AUDIT_ARCH value and syscall number,
 * by running it on symbolic input: the arch is fixed, the syscall number is a set of values
 * split at every comparison, and each comparison of an argument word becomes a test of an
 * {@link ArgNode} graph. The accumulator is tracked exactly, so a comparison that libseccomp's
 * code makes against a stale word becomes a test of that stale word.
 */
final class SpecExtractor {
    /** The accumulator: a known constant, or a word of seccomp_data under a mask. */
    private record Acc(boolean constant, int value, int mask) {
        static Acc word(int offset) {
            return new Acc(false, offset, -1);
        }

        static Acc of(int value) {
            return new Acc(true, value, -1);
        }
    }

    /** Unsigned intervals [lo, hi] of possible syscall numbers. */
    private record NrSet(List<long[]> parts) {
        static final NrSet ALL = new NrSet(List.<long[]>of(new long[] {0, 0xffffffffL}));

        NrSet intersect(long lo, long hi) {
            List<long[]> out = new ArrayList<>();
            for (long[] p : parts) {
                long a = Math.max(p[0], lo);
                long b = Math.min(p[1], hi);
                if (a <= b) {
                    out.add(new long[] {a, b});
                }
            }
            return new NrSet(out);
        }

        NrSet union(NrSet o) {
            List<long[]> out = new ArrayList<>(parts);
            out.addAll(o.parts);
            return new NrSet(out);
        }

        boolean isEmpty() {
            return parts.isEmpty();
        }

        /** The single value, or -1 when the set has several. */
        long single() {
            return parts.size() == 1 && parts.getFirst()[0] == parts.getFirst()[1] ? parts.getFirst()[0] : -1;
        }
    }

    private final LibseccompGen gen;
    private final int defaultAction;
    private final Map<List<Object>, ArgNode> memo = new HashMap<>();
    private int auditArch;
    private TreeMap<Integer, SyscallPolicy> runs;

    SpecExtractor(LibseccompGen gen, int defaultAction) {
        this.gen = gen;
        this.defaultAction = defaultAction;
    }

    /** The dispatch of every AUDIT_ARCH value of the filter. */
    List<ArchDispatch> extract(List<Arch> arches) {
        Map<Integer, List<Arch>> byAudit = new LinkedHashMap<>();
        for (Arch a : arches) {
            byAudit.computeIfAbsent(a.auditArch(), k -> new ArrayList<>()).add(a);
        }
        List<ArchDispatch> out = new ArrayList<>();
        byAudit.forEach((audit, abis) -> {
            auditArch = audit;
            runs = new TreeMap<>(Integer::compareUnsigned);
            walk(gen.head(), 0, Acc.of(0), NrSet.ALL, false);
            out.add(new ArchDispatch(audit, abis, runs));
        });
        return out;
    }

    private final Map<List<Object>, LibseccompGen.Blk> targets = new HashMap<>();

    /**
     * Where a jump lands: like libseccomp's final assembly, the first block after the jumping
     * one that carries the target's hash (identical blocks, such as the syscall-number loads of
     * two arches, share a hash).
     */
    private LibseccompGen.Blk target(LibseccompGen.Blk from, LibseccompGen.Tgt t) {
        long hash = ((LibseccompGen.Hsh) t).hash();
        return targets.computeIfAbsent(List.of(from, hash), k -> {
            for (LibseccompGen.Blk b = from.next; b != null; b = b.next) {
                if (b.hash == hash) {
                    return b;
                }
            }
            throw new IllegalStateException("libseccomp layout: no block after the jump carries its target");
        });
    }

    private static int k(LibseccompGen.Ins in) {
        return ((LibseccompGen.K) in.k).value();
    }

    /** The dispatch part: the syscall number is still a set. */
    private void walk(LibseccompGen.Blk blk, int index, Acc a, NrSet nrs, boolean fromAbiReject) {
        if (nrs.isEmpty()) {
            return;
        }
        for (int i = index; i < blk.ins.size(); i++) {
            LibseccompGen.Ins in = blk.ins.get(i);
            int cls = in.op & 0x07;
            if (cls == Bpf.BPF_RET) {
                Decision.Reason why = fromAbiReject ? Decision.Reason.BAD_ARCH : Decision.Reason.DEFAULT;
                record(nrs, new SyscallPolicy.Fixed(k(in), why));
                return;
            }
            if (in.op == (Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS)) {
                a = load(k(in));
                continue;
            }
            if (in.op == (Bpf.BPF_ALU | Bpf.BPF_AND | Bpf.BPF_K)) {
                a = new Acc(a.constant(), a.constant() ? a.value() & k(in) : a.value(), a.mask() & k(in));
                continue;
            }
            if (in.op == (Bpf.BPF_JMP | Bpf.BPF_JA)) {
                walk(target(blk, in.k), 0, a, nrs, fromAbiReject);
                return;
            }
            int op = in.op & 0xf0;
            int kk = k(in);
            if (a.constant()) {
                boolean taken = compare(op, a.value(), kk);
                LibseccompGen.Tgt t = taken ? in.jt : in.jf;
                if (t instanceof LibseccompGen.None) {
                    continue;
                }
                follow(blk, t, a, nrs, taken, fromAbiReject || (!taken && rejects(blk, i)));
                return;
            }
            if (a.value() != Bpf.SECCOMP_DATA_NR || a.mask() != -1) {
                throw new IllegalStateException("libseccomp program tests an argument before the syscall number");
            }
            long uk = Integer.toUnsignedLong(kk);
            NrSet yes;
            NrSet no;
            switch (op) {
                case Bpf.BPF_JEQ -> {
                    yes = nrs.intersect(uk, uk);
                    no = nrs.intersect(0, uk - 1).union(nrs.intersect(uk + 1, 0xffffffffL));
                }
                case Bpf.BPF_JGT -> {
                    yes = nrs.intersect(uk + 1, 0xffffffffL);
                    no = nrs.intersect(0, uk);
                }
                case Bpf.BPF_JGE -> {
                    yes = nrs.intersect(uk, 0xffffffffL);
                    no = nrs.intersect(0, uk - 1);
                }
                default -> throw new IllegalStateException("unexpected jump " + in.op);
            }
            if (!(in.jf instanceof LibseccompGen.None)) {
                follow(blk, in.jf, a, no, false, fromAbiReject || rejects(blk, i));
            } else {
                walk(blk, i + 1, a, no, fromAbiReject);
            }
            if (!(in.jt instanceof LibseccompGen.None)) {
                follow(blk, in.jt, a, yes, true, fromAbiReject);
            } else {
                walk(blk, i + 1, a, yes, fromAbiReject);
            }
            return;
        }
        // a block without a final jump runs on into the next block of the layout
        walk(blk.next, 0, a, nrs, fromAbiReject);
    }

    /** The false branch of the last test of the x86_64/x32 check sends the other ABI away. */
    private static boolean rejects(LibseccompGen.Blk blk, int index) {
        return blk.isAbiCheck && index == blk.ins.size() - 1;
    }

    private void follow(LibseccompGen.Blk from, LibseccompGen.Tgt t, Acc a, NrSet nrs, boolean taken,
                        boolean reject) {
        if (nrs.isEmpty()) {
            return;
        }
        if (from.syscall != null && taken) {
            long nr = nrs.single();
            ArgNode node = args(target(from, t), 0, Acc.of((int) nr), (int) nr);
            SyscallPolicy p = node instanceof ArgNode.Return r
                    ? new SyscallPolicy.Fixed(r.action(), r.action() == defaultAction
                            ? Decision.Reason.DEFAULT : Decision.Reason.SYSCALL_RULE)
                    : new SyscallPolicy.ByArguments(node);
            record(nrs, p);
            return;
        }
        walk(target(from, t), 0, a, nrs, reject);
    }

    private Acc load(int offset) {
        if (offset == Bpf.SECCOMP_DATA_ARCH) {
            return Acc.of(auditArch);
        }
        return Acc.word(offset);
    }

    private static boolean compare(int op, int a, int k) {
        return switch (op) {
            case Bpf.BPF_JEQ -> a == k;
            case Bpf.BPF_JGT -> Integer.compareUnsigned(a, k) > 0;
            case Bpf.BPF_JGE -> Integer.compareUnsigned(a, k) >= 0;
            default -> throw new IllegalStateException("unexpected jump " + op);
        };
    }

    private void record(NrSet nrs, SyscallPolicy p) {
        for (long[] part : nrs.parts()) {
            runs.put((int) part[0], p);
        }
    }

    /** The argument part: the syscall number is known. */
    private ArgNode args(LibseccompGen.Blk blk, int index, Acc a, int nr) {
        List<Object> key = List.of(blk, index, a, nr, auditArch);
        ArgNode done = memo.get(key);
        if (done != null) {
            return done;
        }
        ArgNode result = null;
        for (int i = index; i < blk.ins.size() && result == null; i++) {
            LibseccompGen.Ins in = blk.ins.get(i);
            if ((in.op & 0x07) == Bpf.BPF_RET) {
                int act = k(in);
                result = new ArgNode.Return(act, act == defaultAction ? Decision.Reason.DEFAULT
                        : Decision.Reason.ARGUMENT_RULE);
            } else if (in.op == (Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS)) {
                a = k(in) == Bpf.SECCOMP_DATA_NR ? Acc.of(nr) : load(k(in));
            } else if (in.op == (Bpf.BPF_ALU | Bpf.BPF_AND | Bpf.BPF_K)) {
                a = new Acc(a.constant(), a.constant() ? a.value() & k(in) : a.value(), a.mask() & k(in));
            } else if (in.op == (Bpf.BPF_JMP | Bpf.BPF_JA)) {
                result = args(target(blk, in.k), 0, a, nr);
            } else {
                int op = in.op & 0xf0;
                if (a.constant()) {
                    LibseccompGen.Tgt t = compare(op, a.value(), k(in)) ? in.jt : in.jf;
                    if (!(t instanceof LibseccompGen.None)) {
                        result = args(target(blk, t), 0, a, nr);
                    }
                    continue;
                }
                WordTest.Cmp cmp = switch (op) {
                    case Bpf.BPF_JEQ -> a.mask() == -1 ? WordTest.Cmp.EQ : WordTest.Cmp.MASKED_EQ;
                    case Bpf.BPF_JGT -> WordTest.Cmp.GT;
                    case Bpf.BPF_JGE -> WordTest.Cmp.GE;
                    default -> throw new IllegalStateException("unexpected jump " + in.op);
                };
                WordTest w = new WordTest(a.value(), cmp, a.mask(), k(in));
                ArgNode t = in.jt instanceof LibseccompGen.None ? args(blk, i + 1, a, nr) : args(target(blk, in.jt), 0, a, nr);
                ArgNode f = in.jf instanceof LibseccompGen.None ? args(blk, i + 1, a, nr) : args(target(blk, in.jf), 0, a, nr);
                result = new ArgNode.Test(w, t, f);
            }
        }
        if (result == null) {
            result = args(blk.next, 0, a, nr);
        }
        memo.put(key, result);
        return result;
    }
}
