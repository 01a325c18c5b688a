package org.syscage.core.compiler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;

/**
 * Lays an {@link Ir} graph out as a classic-BPF program. Nodes come in reverse post-order, so
 * every jump goes forward and a test's false branch usually follows it directly; the program is
 * assembled from its end, so every distance is known when an instruction is written. A
 * conditional jump farther than 255 instructions goes through a {@code ja} placed right after
 * it, or, when it targets a return, to a copy of the return placed there.
 */
final class Linearizer {
    private static final int JMP_MAX = 255;

    /** The program grows at the front; positions count instructions from the end. */
    private final ArrayDeque<Insn> code = new ArrayDeque<>();
    private final Map<Integer, Integer> startOf = new HashMap<>();

    private Linearizer() {
    }

    static BpfProgram layOut(Ir.Node root) {
        Linearizer l = new Linearizer();
        for (Ir.Node n : postOrder(root)) {
            l.emit(n);
        }
        if (l.code.size() > Bpf.BPF_MAXINSNS) {
            throw new CompileException("the filter needs " + l.code.size() + " instructions, more than the kernel's limit of "
                    + Bpf.BPF_MAXINSNS + "; split the profile or use fewer argument rules");
        }
        return BpfProgram.of(new ArrayList<>(l.code));
    }

    /** Children before parents; a jump's true branch is visited first so its false branch lands right after it. */
    private static List<Ir.Node> postOrder(Ir.Node root) {
        List<Ir.Node> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, false});
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Ir.Node n = (Ir.Node) top[0];
            if ((Boolean) top[1]) {
                out.add(n);
                continue;
            }
            if (!seen.add(n.id())) {
                continue;
            }
            stack.push(new Object[] {n, true});
            // pushed last = visited first
            switch (n) {
                case Ir.Jump j -> {
                    stack.push(new Object[] {j.onFalse(), false});
                    stack.push(new Object[] {j.onTrue(), false});
                }
                case Ir.Load ld -> stack.push(new Object[] {ld.next(), false});
                case Ir.And a -> stack.push(new Object[] {a.next(), false});
                case Ir.Ret r -> {
                }
            }
        }
        return out;
    }

    private int pos() {
        return code.size();
    }

    /** Offset from the instruction about to be placed at the front to the start of {@code target}. */
    private int offsetTo(Ir.Node target) {
        return pos() - startOf.get(target.id());
    }

    private void emit(Ir.Node n) {
        switch (n) {
            case Ir.Ret r -> code.addFirst(ret(r));
            case Ir.Load ld -> {
                fallInto(ld.next());
                code.addFirst(Insn.stmt(Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS, ld.offset()));
            }
            case Ir.And a -> {
                fallInto(a.next());
                code.addFirst(Insn.stmt(Bpf.BPF_ALU | Bpf.BPF_AND | Bpf.BPF_K, a.mask()));
            }
            case Ir.Jump j -> {
                // a margin of 2 leaves room for the stubs of the other branch
                boolean farFalse = offsetTo(j.onFalse()) + 2 > JMP_MAX;
                boolean farTrue = offsetTo(j.onTrue()) + 2 > JMP_MAX;
                if (farFalse) {
                    code.addFirst(stub(j.onFalse()));
                }
                if (farTrue) {
                    code.addFirst(stub(j.onTrue()));
                }
                int jt = farTrue ? 0 : offsetTo(j.onTrue());
                int jf = farFalse ? (farTrue ? 1 : 0) : offsetTo(j.onFalse());
                code.addFirst(Insn.jump(Bpf.BPF_JMP | j.op() | Bpf.BPF_K, j.k(), jt, jf));
            }
        }
        startOf.put(n.id(), pos());
    }

    private static Insn ret(Ir.Ret r) {
        return Insn.stmt(Bpf.BPF_RET | Bpf.BPF_K, r.action());
    }

    /** An instruction placed at the front that continues at {@code target}: a copy of a return, or a jump. */
    private Insn stub(Ir.Node target) {
        return target instanceof Ir.Ret r ? ret(r) : Insn.stmt(Bpf.BPF_JMP | Bpf.BPF_JA, offsetTo(target));
    }

    /** Makes sure a straight-line instruction placed next continues at {@code next}. */
    private void fallInto(Ir.Node next) {
        if (offsetTo(next) != 0) {
            code.addFirst(stub(next));
        }
    }
}
