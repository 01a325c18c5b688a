package org.syscage.core.inspect;

import java.util.Objects;
import org.syscage.core.arch.Arch;

/**
 * How to disassemble.
 *
 * @param arch          the arch whose syscall names are shown, unless the filter's own arch test
 *                      says otherwise (seccomp-tools' {@code -a})
 * @param showBpf       print the line number, code, jt, jf and k columns (seccomp-tools' default;
 *                      off is {@code --no-bpf})
 * @param inferArgs     name loaded arguments by the syscall's prototype once the syscall is known
 *                      (off is {@code --no-arg-infer})
 * @param reassemblable write what the assembler reads back to the same bytes wherever the
 *                      language can say it: {@code A = len} rather than {@code A = 64}, action
 *                      data the plain label drops ({@code TRACE(5)})
 * @param color         ANSI colours as seccomp-tools uses them on a terminal
 */
public record DisasmOptions(Arch arch, boolean showBpf, boolean inferArgs, boolean reassemblable, boolean color) {

    public DisasmOptions {
        Objects.requireNonNull(arch, "arch");
    }

    /** seccomp-tools' default: code columns, argument names, no colour. */
    public static DisasmOptions of(Arch arch) {
        return new DisasmOptions(arch, true, true, false, false);
    }

    /** seccomp-tools' {@code --asm-able}: no columns, no argument names, and exact enough to re-assemble. */
    public static DisasmOptions asmAble(Arch arch) {
        return new DisasmOptions(arch, false, false, true, false);
    }

    public DisasmOptions withShowBpf(boolean show) {
        return new DisasmOptions(arch, show, inferArgs, reassemblable, color);
    }

    public DisasmOptions withInferArgs(boolean infer) {
        return new DisasmOptions(arch, showBpf, infer, reassemblable, color);
    }

    public DisasmOptions withColor(boolean on) {
        return new DisasmOptions(arch, showBpf, inferArgs, reassemblable, on);
    }
}
