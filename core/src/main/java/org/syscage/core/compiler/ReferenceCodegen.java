package org.syscage.core.compiler;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;

/**
 * The plainest program for a spec, written to be obviously right rather than fast: for each arch
 * one comparison per run of syscall numbers in order, and each argument test as a load, a mask
 * and one jump. {@link Compiler} proves the optimized program equivalent to this one.
 */
final class ReferenceCodegen {
    private final Ir ir = new Ir();
    private final Map<ArgNode, Ir.Node> memo = new IdentityHashMap<>();

    private ReferenceCodegen() {
    }

    static BpfProgram generate(FilterSpec spec) {
        return Linearizer.layOut(new ReferenceCodegen().root(spec));
    }

    private Ir.Node root(FilterSpec spec) {
        Ir.Node next = ir.ret(spec.badArchAction());
        List<ArchDispatch> ds = spec.dispatches();
        for (int i = ds.size() - 1; i >= 0; i--) {
            next = ir.jump(Bpf.BPF_JEQ, ds.get(i).auditArch(), section(ds.get(i)), next);
        }
        return ir.load(Bpf.SECCOMP_DATA_ARCH, next);
    }

    private Ir.Node section(ArchDispatch d) {
        List<Map.Entry<Integer, SyscallPolicy>> runs = List.copyOf(d.runs().entrySet());
        Ir.Node next = leaf(runs.getLast().getValue());
        for (int i = runs.size() - 2; i >= 0; i--) {
            // numbers above this run's last one go on to the later runs
            next = ir.jump(Bpf.BPF_JGT, d.runEnd(runs.get(i).getKey()), next, leaf(runs.get(i).getValue()));
        }
        return ir.load(Bpf.SECCOMP_DATA_NR, next);
    }

    private Ir.Node leaf(SyscallPolicy p) {
        return switch (p) {
            case SyscallPolicy.Fixed f -> ir.ret(f.action());
            case SyscallPolicy.ByArguments b -> args(b.tests());
        };
    }

    private Ir.Node args(ArgNode n) {
        if (n instanceof ArgNode.Return r) {
            return ir.ret(r.action());
        }
        Ir.Node done = memo.get(n);
        if (done != null) {
            return done;
        }
        ArgNode.Test t = (ArgNode.Test) n;
        WordTest w = t.word();
        int op = switch (w.cmp()) {
            case EQ, MASKED_EQ -> Bpf.BPF_JEQ;
            case GT -> Bpf.BPF_JGT;
            case GE -> Bpf.BPF_JGE;
        };
        Ir.Node jump = ir.jump(op, w.value(), args(t.onTrue()), args(t.onFalse()));
        Ir.Node code = ir.load(w.offset(), w.mask() == -1 ? jump : ir.and(w.mask(), jump));
        memo.put(n, code);
        return code;
    }
}
