package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syscage.core.inspect.Instruction.Alu;
import org.syscage.core.inspect.Instruction.Branch;
import org.syscage.core.inspect.Instruction.CmpOp;
import org.syscage.core.inspect.Instruction.Data;
import org.syscage.core.inspect.Instruction.Imm;
import org.syscage.core.inspect.Instruction.Len;
import org.syscage.core.inspect.Instruction.Load;
import org.syscage.core.inspect.Instruction.Mem;
import org.syscage.core.inspect.Instruction.Move;
import org.syscage.core.inspect.Instruction.Reg;
import org.syscage.core.inspect.Instruction.Store;

/**
 * What the disassembler knows before each instruction, found the way seccomp-tools finds it: for
 * every path into an instruction, which {@code seccomp_data} word (if any) each register and
 * scratch slot holds, and which words an earlier {@code ==} test has pinned to a value (the
 * syscall number once {@code if (A == open)} was taken, the arch after {@code ARCH_X86_64}).
 *
 * <p>Jumps only go forward, so one pass in program order sees every predecessor of an
 * instruction before the instruction itself.
 */
final class DataFlow {

    /** What a register or slot holds, as far as naming goes. */
    record Value(Kind kind, long v) {
        enum Kind { UNKNOWN, IMMEDIATE, DATA, INITIAL_MEM }

        static final Value UNKNOWN = new Value(Kind.UNKNOWN, 0);

        boolean isData() {
            return kind == Kind.DATA;
        }
    }

    /** One path's knowledge: registers, scratch slots, and data words pinned by {@code ==} tests (offset to value). */
    record Context(Value a, Value x, List<Value> mem, Map<Integer, Integer> known) {
        static Context initial() {
            List<Value> mem = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                mem.add(new Value(Value.Kind.INITIAL_MEM, i));
            }
            return new Context(Value.UNKNOWN, Value.UNKNOWN, List.copyOf(mem), Map.of());
        }

        Context withReg(Reg r, Value v) {
            return r == Reg.A ? new Context(v, x, mem, known) : new Context(a, v, mem, known);
        }

        Value reg(Reg r) {
            return r == Reg.A ? a : x;
        }
    }

    private final List<Set<Context>> before;

    private DataFlow(List<Set<Context>> before) {
        this.before = before;
    }

    static DataFlow of(List<Instruction> program) {
        List<Set<Context>> before = new ArrayList<>();
        for (int i = 0; i < program.size(); i++) {
            before.add(new LinkedHashSet<>());
        }
        if (!program.isEmpty()) {
            before.getFirst().add(Context.initial());
        }
        for (int line = 0; line < program.size(); line++) {
            Instruction in = program.get(line);
            for (Context c : before.get(line)) {
                step(in, line, c, before);
            }
        }
        List<Set<Context>> frozen = new ArrayList<>();
        before.forEach(s -> frozen.add(Collections.unmodifiableSet(s)));
        return new DataFlow(List.copyOf(frozen));
    }

    /** The contexts that reach {@code line}; empty when no path does. */
    Set<Context> before(int line) {
        return before.get(line);
    }

    private static void step(Instruction in, int line, Context c, List<Set<Context>> before) {
        switch (in) {
            case Load l -> flow(before, line + 1L, c.withReg(l.dst(), loaded(c, l)));
            case Store s -> flow(before, line + 1L, stored(c, s));
            case Alu a -> flow(before, line + 1L, c.withReg(Reg.A, Value.UNKNOWN));
            case Move m -> flow(before, line + 1L, c.withReg(m.dst(), c.reg(m.dst() == Reg.A ? Reg.X : Reg.A)));
            case Branch b when b.jt() != b.jf() && b.op() == CmpOp.EQ -> {
                flow(before, line + 1L + b.jt(), pinned(c, b));
                flow(before, line + 1L + b.jf(), c);
            }
            default -> Instruction.successors(in, line).forEach(next -> flow(before, next, c));
        }
    }

    private static void flow(List<Set<Context>> before, long to, Context c) {
        if (to < before.size()) {
            before.get((int) to).add(c);
        }
    }

    private static Value loaded(Context c, Load l) {
        return switch (l.src()) {
            case Imm i -> new Value(Value.Kind.IMMEDIATE, Integer.toUnsignedLong(i.k()));
            case Len n -> new Value(Value.Kind.IMMEDIATE, 64);
            case Mem m -> m.index() >= 0 && m.index() < 16 ? c.mem().get(m.index()) : Value.UNKNOWN;
            case Data d -> new Value(Value.Kind.DATA, Integer.toUnsignedLong(d.offset()));
        };
    }

    private static Context stored(Context c, Store s) {
        if (s.index() < 0 || s.index() >= 16) {
            return c;
        }
        List<Value> mem = new ArrayList<>(c.mem());
        mem.set(s.index(), c.reg(s.src()));
        return new Context(c.a(), c.x(), List.copyOf(mem), c.known());
    }

    /**
     * The taken side of {@code A == K} (or {@code A == X}): when A holds a data word, that word is
     * now known. Against X only a data word in X carries over (seccomp-tools ignores immediates there).
     */
    private static Context pinned(Context c, Branch b) {
        if (!c.a().isData()) {
            return c;
        }
        int offset = (int) c.a().v();
        Map<Integer, Integer> known = new HashMap<>(c.known());
        if (!b.againstX()) {
            known.put(offset, b.k());
        } else if (c.x().isData()) {
            Integer v = c.known().get((int) c.x().v());
            if (v == null) {
                known.remove(offset);
            } else {
                known.put(offset, v);
            }
        } else {
            return c;
        }
        return new Context(c.a(), c.x(), c.mem(), Map.copyOf(known));
    }
}
