package org.syscage.core.bpf;

import static org.syscage.core.bpf.Bpf.*;

import java.util.BitSet;
import java.util.List;

import org.syscage.core.arch.Arch;

/**
 * Which syscalls the kernel will allow from its action cache without running the filter
 * (kernel/seccomp.c, since Linux 5.11; visible in /proc/PID/seccomp_cache with
 * CONFIG_SECCOMP_CACHE_DEBUG).
 *
 * <p>When a filter is attached, seccomp_cache_prepare walks it once per syscall number
 * {@code 0 .. NR_syscalls-1} of the kernel's native arch and, if the kernel has one, of its
 * compat arch (x86_64: AUDIT_ARCH_X86_64 and AUDIT_ARCH_I386), with only {@code nr} and
 * {@code arch} known (seccomp_is_const_allow). The walk understands exactly:
 * {@code ld [0]} and {@code ld [4]}, {@code jeq/jgt/jge/jset #k}, {@code and #k}, {@code ja} and
 * {@code ret #k}. Any other instruction on the path (a load of an argument, an X operand,
 * other arithmetic, {@code ret a}) makes the syscall uncacheable; reaching {@code ret #ALLOW}
 * makes it cacheable. Cached syscalls then skip the filter entirely.
 *
 * <p>Stacked filters combine by intersection (a syscall stays cached only if every filter
 * allows it constantly); this class looks at one filter.
 *
 * <p>Numbers outside the bitmap are never cached: that covers every x32 syscall, whose numbers
 * carry bit 30, so {@link #cacheableSyscalls} is empty for {@link Arch#X32}.
 */
public final class CacheAnalysis {
    private CacheAnalysis() {
    }

    /** x86_64's uretprobe and uprobe: the kernel marks them cached whatever the filter says. */
    private static final int X86_64_NR_URETPROBE = 335;
    private static final int X86_64_NR_UPROBE = 336;

    /**
     * seccomp_is_const_allow as a kernel running {@code arch} natively computes it: the filter
     * walk of {@link #isFilterConstAllow}, plus the exception of current x86_64 kernels, which
     * pass uretprobe (335) and uprobe (336) of AUDIT_ARCH_X86_64 without filtering (those
     * syscalls are entered by the kernel's own probe trampolines, not by program code).
     */
    public static boolean isConstAllow(BpfProgram p, Arch arch, int nr) {
        if (arch.auditArch() == Arch.X86_64.auditArch()
                && (nr == X86_64_NR_URETPROBE || nr == X86_64_NR_UPROBE)) {
            return true;
        }
        return isFilterConstAllow(p, arch.auditArch(), nr);
    }

    /**
     * The kernel's walk with {@code nr} and {@code arch} known and nothing else: true when the
     * path it takes reaches {@code ret #SECCOMP_RET_ALLOW} using only the instructions the
     * kernel's walk understands. Like the kernel's, the walk gives up (false) if it leaves the
     * program.
     */
    public static boolean isFilterConstAllow(BpfProgram p, int auditArch, int nr) {
        int[] codes = p.codes;
        int[] ks = p.ks;
        int a = 0;
        // A verified program never jumps out; for any other, leaving the program ends the walk.
        for (long pc = 0; pc < codes.length; pc++) {
            int i = (int) pc;
            int k = ks[i];
            switch (codes[i]) {
                case BPF_LD | BPF_W | BPF_ABS -> {
                    if (k == SECCOMP_DATA_NR) {
                        a = nr;
                    } else if (k == SECCOMP_DATA_ARCH) {
                        a = auditArch;
                    } else {
                        return false;
                    }
                }
                case BPF_RET | BPF_K -> {
                    return k == SECCOMP_RET_ALLOW;
                }
                case BPF_JMP | BPF_JA -> pc += Integer.toUnsignedLong(k);
                case BPF_JMP | BPF_JEQ | BPF_K -> pc += a == k ? p.jts[i] : p.jfs[i];
                case BPF_JMP | BPF_JGE | BPF_K -> pc += Integer.compareUnsigned(a, k) >= 0 ? p.jts[i] : p.jfs[i];
                case BPF_JMP | BPF_JGT | BPF_K -> pc += Integer.compareUnsigned(a, k) > 0 ? p.jts[i] : p.jfs[i];
                case BPF_JMP | BPF_JSET | BPF_K -> pc += (a & k) != 0 ? p.jts[i] : p.jfs[i];
                case BPF_ALU | BPF_AND | BPF_K -> a &= k;
                default -> {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * The cache bitmap the kernel builds for {@code arch}: bit n set when syscall n is cached.
     *
     * @param maxNr the highest number to check, inclusive; the kernel checks up to
     *        NR_syscalls - 1 of its build (for the compat arch, its compat table size - 1)
     */
    public static BitSet cacheableSyscalls(BpfProgram p, Arch arch, int maxNr) {
        BitSet out = new BitSet();
        if (arch == Arch.X32) {
            return out;
        }
        for (int nr = 0; nr <= maxNr; nr++) {
            if (isConstAllow(p, arch, nr)) {
                out.set(nr);
            }
        }
        return out;
    }

    /**
     * The arches whose bitmaps a kernel of {@code kernelArch} prepares: the native one first,
     * then the compat one where the kernel defines SECCOMP_ARCH_COMPAT (x86_64 → x86,
     * aarch64 → arm, s390x → s390). Others are listed as native only.
     */
    public static List<Arch> cachedArches(Arch kernelArch) {
        return switch (kernelArch) {
            case X86_64, X32 -> List.of(Arch.X86_64, Arch.X86);
            case AARCH64 -> List.of(Arch.AARCH64, Arch.ARM);
            case S390X -> List.of(Arch.S390X, Arch.S390);
            default -> List.of(kernelArch);
        };
    }
}
