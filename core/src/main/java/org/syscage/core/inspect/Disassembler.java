package org.syscage.core.inspect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;
import org.syscage.core.inspect.DataFlow.Context;
import org.syscage.core.inspect.DataFlow.Value;
import org.syscage.core.inspect.Instruction.Alu;
import org.syscage.core.inspect.Instruction.AluOp;
import org.syscage.core.inspect.Instruction.Branch;
import org.syscage.core.inspect.Instruction.CmpOp;
import org.syscage.core.inspect.Instruction.Data;
import org.syscage.core.inspect.Instruction.Imm;
import org.syscage.core.inspect.Instruction.Jump;
import org.syscage.core.inspect.Instruction.Len;
import org.syscage.core.inspect.Instruction.Load;
import org.syscage.core.inspect.Instruction.Mem;
import org.syscage.core.inspect.Instruction.Move;
import org.syscage.core.inspect.Instruction.Reg;
import org.syscage.core.inspect.Instruction.Return;
import org.syscage.core.inspect.Instruction.Store;

/**
 * Classic BPF to seccomp-tools' disassembly, character for character:
 * <pre>
 *  line  CODE  JT   JF      K
 * =================================
 *  0000: 0x20 0x00 0x00 0x00000004  A = arch
 *  0001: 0x15 0x00 0x08 0xc000003e  if (A != ARCH_X86_64) goto 0010
 *  0002: 0x20 0x00 0x00 0x00000000  A = sys_number
 *  0003: 0x15 0x00 0x01 0x00000002  if (A != open) goto 0005
 *  0004: 0x20 0x00 0x00 0x00000018  A = flags # open(filename, flags, mode)
 * </pre>
 * A constant compared with the syscall number is named by the syscall table of the arch the
 * filter tested on that path ({@code i386.fork} when it differs from {@code -a}), one compared
 * with the arch word by its {@code ARCH_*} name; other constants compared with a
 * {@code seccomp_data} word print in hex, the rest in decimal. See {@link DataFlow} for what is
 * known where.
 */
public final class Disassembler {
    private Disassembler() {}

    /** The two header lines of the default format. */
    public static final String HEADER = " line  CODE  JT   JF      K\n=================================\n";

    /** The whole disassembly: header (when the code columns are shown), one line per instruction, final newline. */
    public static String disassemble(List<Insn> program, DisasmOptions options) {
        String body = String.join("\n", lines(program, options)) + "\n";
        return options.showBpf() ? HEADER + body : body;
    }

    /** {@link #disassemble(List, DisasmOptions)} of a program. */
    public static String disassemble(BpfProgram program, DisasmOptions options) {
        return disassemble(program.instructions(), options);
    }

    /** One line per instruction, without line ends; throws InputException on an instruction seccomp cannot run. */
    public static List<String> lines(List<Insn> program, DisasmOptions options) {
        Objects.requireNonNull(options, "options");
        List<Instruction> decoded = decode(program);
        DataFlow flow = DataFlow.of(decoded);
        Renderer r = new Renderer(options, flow);
        List<String> out = new ArrayList<>(program.size());
        for (int line = 0; line < program.size(); line++) {
            Insn insn = program.get(line);
            String text = r.render(decoded.get(line), line);
            out.add(options.showBpf()
                    ? String.format(" %04d: 0x%02x 0x%02x 0x%02x 0x%08x  %s", line, insn.code(), insn.jt(), insn.jf(), insn.k(), text)
                    : String.format("%04d: %s", line, text));
        }
        return out;
    }

    /** The pseudo-code of each instruction alone, as in the lines but without columns or line numbers. */
    public static List<String> statements(List<Insn> program, DisasmOptions options) {
        List<Instruction> decoded = decode(program);
        Renderer r = new Renderer(options, DataFlow.of(decoded));
        List<String> out = new ArrayList<>(program.size());
        for (int line = 0; line < program.size(); line++) {
            out.add(r.render(decoded.get(line), line));
        }
        return out;
    }

    static List<Instruction> decode(List<Insn> program) {
        List<Instruction> decoded = new ArrayList<>(program.size());
        for (int i = 0; i < program.size(); i++) {
            decoded.add(Instruction.decode(program.get(i), i));
        }
        return decoded;
    }

    /** ANSI colours seccomp-tools uses on a terminal. */
    enum Colour {
        SYSCALL("\u001b[38;5;120m"), ARCH("\u001b[38;5;230m"), GRAY("\u001b[2m");

        static final String RESET = "\u001b[0m";
        final String code;

        Colour(String code) {
            this.code = code;
        }

        /** Wraps {@code s}; a colour reset inside it (a syscall name in a dimmed line) resumes this colour. */
        String paint(String s, boolean on) {
            return on ? code + s.replace(RESET, RESET + code) + RESET : s;
        }
    }

    private record Renderer(DisasmOptions o, DataFlow flow) {

        String render(Instruction in, int line) {
            return switch (in) {
                case Load l -> l.dst() + " = " + loadSource(l, line);
                case Store s -> "mem[" + Integer.toUnsignedString(s.index()) + "] = " + s.src();
                case Alu a -> alu(a);
                case Move m -> m.dst() == Reg.A ? "A = X" : "X = A";
                case Jump j -> gotoLine(line, Integer.toUnsignedLong(j.offset()));
                case Branch b -> branch(b, line);
                case Return r -> "return " + (r.fromA() ? "A"
                        : o.reassemblable() ? ReturnActions.exactLabel(r.k()) : ReturnActions.label(r.k()));
            };
        }

        private String loadSource(Load l, int line) {
            return switch (l.src()) {
                case Imm i -> Integer.toUnsignedString(i.k());
                case Len n -> o.reassemblable() ? "len" : "64";
                case Mem m -> "mem[" + Integer.toUnsignedString(m.index()) + "]";
                case Data d -> dataWord(d.offset(), line);
            };
        }

        private String alu(Alu a) {
            if (a.op() == AluOp.NEG) {
                return "A = -A";
            }
            String src = a.fromX() ? "X"
                    : a.op() == AluOp.LSH || a.op() == AluOp.RSH ? Integer.toUnsignedString(a.k())
                    : "0x" + Integer.toHexString(a.k());
            return "A " + a.op().symbol + "= " + src;
        }

        private String branch(Branch b, int line) {
            if (b.jt() == 0 && b.jf() == 0) {
                return o.reassemblable() ? gotoLine(line, 0) : "/* no-op */";
            }
            if (b.jt() == b.jf()) {
                return gotoLine(line, b.jt());
            }
            String src = b.againstX() ? "X" : constant(b, line);
            if (b.jt() == 0) {
                String cond = b.op() == CmpOp.SET ? "!(A & " + src + ")" : "A " + negated(b.op()) + " " + src;
                return "if (" + cond + ") " + gotoLine(line, b.jf());
            }
            String s = "if (A " + b.op().symbol + " " + src + ") " + gotoLine(line, b.jt());
            return b.jf() == 0 ? s : s + " else " + gotoLine(line, b.jf());
        }

        private static String negated(CmpOp op) {
            return switch (op) {
                case EQ -> "!=";
                case GT -> "<=";
                case GE -> "<";
                case SET -> throw new IllegalArgumentException("& has no negated operator");
            };
        }

        private static String gotoLine(int line, long offset) {
            return String.format("goto %04d", line + 1 + offset);
        }

        /** The K of a comparison: named when every path agrees A holds the syscall number or the arch. */
        private String constant(Branch b, int line) {
            Set<Value> as = flow.before(line).stream().map(Context::a).collect(Collectors.toSet());
            String decimal = Integer.toUnsignedString(b.k());
            if (as.size() != 1) {
                return decimal;
            }
            Value a = as.iterator().next();
            if (!a.isData()) {
                return decimal;
            }
            String hex = "0x" + Integer.toHexString(b.k());
            if (a.v() == 0) {
                String s = b.op() == CmpOp.EQ ? syscallName(b.k(), line).orElse(hex) : hex;
                return Colour.SYSCALL.paint(s, o.color());
            }
            if (a.v() == 4) {
                return Colour.ARCH.paint(ArchConstants.name(b.k()).orElse(hex), o.color());
            }
            return hex;
        }

        private Optional<String> syscallName(int nr, int line) {
            SyscallNames names = SyscallNames.of(archAt(line));
            SyscallNames declared = SyscallNames.of(o.arch());
            return names.name(nr).map(n -> names.qualifier().equals(declared.qualifier()) ? n : names.qualifier() + "." + n);
        }

        /** The arch every path into {@code line} has tested for, else the declared one. */
        private Arch archAt(int line) {
            Set<Optional<Integer>> arches = flow.before(line).stream()
                    .map(c -> Optional.ofNullable(c.known().get(4))).collect(Collectors.toSet());
            if (arches.size() == 1) {
                Optional<Integer> only = arches.iterator().next();
                if (only.isPresent()) {
                    return ArchConstants.arch(only.get()).orElse(o.arch());
                }
            }
            return o.arch();
        }

        private String dataWord(int offset, int line) {
            if (offset < 0 || offset >= 64 || offset % 4 != 0) {
                return "INVALID";
            }
            if (offset < 8) {
                return offset == 0 ? "sys_number" : "arch";
            }
            // a 64-bit field's word at the lower address is its low half on little-endian arches only
            boolean high = (offset % 8 == 4) == o.arch().littleEndian();
            if (offset < 16) {
                return high ? "instruction_pointer >> 32" : "instruction_pointer";
            }
            int index = (offset - 16) / 8;
            String plain = high ? "args[" + index + "] >> 32" : "args[" + index + "]";
            if (!o.inferArgs()) {
                return plain;
            }
            return argumentName(index, high, line).orElse(plain);
        }

        private Optional<String> argumentName(int index, boolean high, int line) {
            Set<Optional<Integer>> nrs = flow.before(line).stream()
                    .map(c -> Optional.ofNullable(c.known().get(0))).collect(Collectors.toSet());
            if (nrs.size() != 1 || nrs.iterator().next().isEmpty()) {
                return Optional.empty();
            }
            int nr = nrs.iterator().next().get();
            SyscallNames names = SyscallNames.of(archAt(line));
            Optional<String> sys = names.name(nr);
            if (sys.isEmpty()) {
                return Optional.empty();
            }
            Optional<List<String>> params = Prototypes.parameters(sys.get());
            if (params.isEmpty() || index >= params.get().size()) {
                return Optional.empty();
            }
            String shown = names.qualifier().equals(SyscallNames.of(o.arch()).qualifier())
                    ? sys.get() : names.qualifier() + "." + sys.get();
            String name = params.get().get(index);
            String comment = "# " + shown + "(" + String.join(", ", params.get()) + ")";
            return Optional.of((high ? name + " >> 32" : name) + " " + Colour.GRAY.paint(comment, o.color()));
        }
    }
}
