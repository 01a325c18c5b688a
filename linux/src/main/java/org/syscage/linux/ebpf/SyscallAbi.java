package org.syscage.linux.ebpf;

import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.arch.Arch;

/**
 * The one arch-specific part of the eBPF recorder: how a program on the {@code sys_enter}
 * tracepoint tells a compat (32-bit) call from a native one.
 *
 * <ul>
 *   <li>x86_64, exact: the kernel sets {@code TS_COMPAT} (0x2) in {@code current_thread_info()->status}
 *       on entry of every 32-bit call ({@code int 0x80}, sysenter, 32-bit syscall) and clears it on
 *       return to user mode; it is what seccomp and ptrace use to name the call's arch. The
 *       field's offset is not ABI (it moved in Linux 5.11), so it is read from the kernel's BTF:
 *       {@code task_struct.thread_info} + {@code thread_info.status}.</li>
 *   <li>x86_64 without BTF: the caller's code segment, {@code regs->cs} (offset 136 of
 *       {@code struct pt_regs}, after r15..di, orig_ax and ip), is 0x23 ({@code __USER32_CS}) in
 *       32-bit user mode. Limit: an {@code int 0x80} from 64-bit code (cs 0x33) runs the i386
 *       table but is then counted under x86_64 numbers.</li>
 *   <li>x32 calls are native calls with bit 30 of the number set ({@code __X32_SYSCALL_BIT}).</li>
 *   <li>aarch64: {@code regs->pstate} (offset 264, after regs[31], sp and pc) has PSR_MODE32_BIT
 *       (0x10) set for AArch32 tasks. (Untested here: no AArch32 userland on the test machines.)</li>
 * </ul>
 *
 * @param host   the arch whose native calls these are
 * @param test   how 32-bit calls are recognised
 * @param compat the arch of 32-bit calls
 * @param x32    whether numbers with bit 30 set are x32 calls
 */
public record SyscallAbi(Arch host, CompatTest test, Arch compat, boolean x32) {
    static final int TS_COMPAT = 0x2;

    /** What the program reads to decide that a call is a compat call. */
    public sealed interface CompatTest {
        /** 64 bits at {@code regsOffset} of the caller's {@code struct pt_regs}, masked, equal {@code value}. */
        record SavedRegister(int regsOffset, int mask, int value) implements CompatTest {
        }

        /** 32 bits at {@code taskOffset} of the current {@code struct task_struct} have a bit of {@code mask} set. */
        record TaskFlag(int taskOffset, int mask) implements CompatTest {
        }
    }

    /**
     * This machine's ABI, worked out once per JVM: on x86_64 that reads the kernel's BTF (a few
     * megabytes), which the availability probe and each recording would otherwise read again.
     */
    public static Optional<SyscallAbi> ofThisMachine() {
        return Host.ABI;
    }

    private static final class Host {
        static final Optional<SyscallAbi> ABI = of(Arch.host());
    }

    /** An arch's ABI; empty where syscage does not know how to tell compat calls apart. */
    public static Optional<SyscallAbi> of(Arch host) {
        return switch (host) {
            case X86_64 -> Optional.of(new SyscallAbi(host, x86CompatTest(KernelBtf.running()), Arch.X86, true));
            case AARCH64 -> Optional.of(new SyscallAbi(host, new CompatTest.SavedRegister(33 * 8, 0x10, 0x10),
                    Arch.ARM, false));
            default -> Optional.empty();
        };
    }

    /** TS_COMPAT where the kernel's BTF places it, else the code segment. */
    static CompatTest x86CompatTest(Optional<KernelBtf> btf) {
        if (btf.isPresent()) {
            OptionalInt threadInfo = btf.get().memberOffset("task_struct", "thread_info");
            OptionalInt status = btf.get().memberOffset("thread_info", "status");
            if (threadInfo.isPresent() && status.isPresent()) {
                return new CompatTest.TaskFlag(threadInfo.getAsInt() + status.getAsInt(), TS_COMPAT);
            }
        }
        return new CompatTest.SavedRegister(17 * 8, 0xffff, 0x23);
    }
}
