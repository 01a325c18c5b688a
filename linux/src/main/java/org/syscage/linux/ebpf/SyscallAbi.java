package org.syscage.linux.ebpf;

import java.util.Optional;
import org.syscage.core.arch.Arch;

/**
 * The one arch-specific part of the eBPF recorder: how a program on the {@code sys_enter}
 * tracepoint tells a compat (32-bit) call from a native one, given the call's {@code struct pt_regs}.
 *
 * <p>The saved user-mode register state says which mode the caller ran in: a word at
 * {@code regsOffset}, masked with {@code mask}, equals {@code value} for 32-bit code.
 * <ul>
 *   <li>x86_64: {@code regs->cs} (offset 136, after r15..di, orig_ax and ip) is 0x23
 *       ({@code __USER32_CS}) in 32-bit user mode, 0x33 in 64-bit mode. Limit: an {@code int 0x80}
 *       from 64-bit code runs the i386 table although cs is 0x33; such calls are counted as
 *       x86_64 numbers (the ptrace backend gets them right). The exact test would be the
 *       thread's TS_COMPAT flag, which lives at an offset of {@code struct thread_info} that is
 *       not ABI and moved in Linux 5.11.</li>
 *   <li>x32 calls are native calls with bit 30 of the number set ({@code __X32_SYSCALL_BIT}).</li>
 *   <li>aarch64: {@code regs->pstate} (offset 264, after regs[31], sp and pc) has
 *       PSR_MODE32_BIT (0x10) set for AArch32 tasks.</li>
 * </ul>
 *
 * @param host       the arch whose native calls these are
 * @param regsOffset the byte offset in {@code struct pt_regs} of the word to read
 * @param mask       bits of that word that tell the mode
 * @param value      the masked value in 32-bit mode
 * @param compat     the arch of 32-bit calls
 * @param x32        whether numbers with bit 30 set are x32 calls
 */
public record SyscallAbi(Arch host, int regsOffset, int mask, int value, Arch compat, boolean x32) {
    /** The host's ABI; empty where syscage does not know how to tell compat calls apart. */
    public static Optional<SyscallAbi> of(Arch host) {
        return switch (host) {
            case X86_64 -> Optional.of(new SyscallAbi(host, 17 * 8, 0xffff, 0x23, Arch.X86, true));
            case AARCH64 -> Optional.of(new SyscallAbi(host, 33 * 8, 0x10, 0x10, Arch.ARM, false));
            default -> Optional.empty();
        };
    }
}
