package org.syscage.core.audit;

import java.util.Optional;
import org.syscage.core.arch.Arch;

/** The arch of an audit record: its {@code arch=} AUDIT_ARCH value, and for x86_64 its syscall number too. */
final class AuditArches {
    private AuditArches() {}

    /**
     * x86_64 and x32 share AUDIT_ARCH_X86_64 (c000003e); x32 syscall numbers carry
     * {@link Arch#X32_SYSCALL_BIT}, which is how the kernel itself tells them apart. Every other
     * AUDIT_ARCH value names one arch.
     */
    static Optional<Arch> of(int auditArch, long syscall) {
        if (auditArch == Arch.X86_64.auditArch()) {
            return Optional.of((syscall & Arch.X32_SYSCALL_BIT) != 0 && syscall > 0 ? Arch.X32 : Arch.X86_64);
        }
        for (Arch a : Arch.values()) {
            if (a.auditArch() == auditArch) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
