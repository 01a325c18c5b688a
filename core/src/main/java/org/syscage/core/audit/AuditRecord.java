package org.syscage.core.audit;

import java.time.Instant;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

/**
 * One seccomp audit record: the kernel's {@code type=1326} message, however it reached the log
 * (kmsg, syslog, the journal, auditd's {@code type=SECCOMP}). The fields are the kernel's, as
 * logged by {@code audit_seccomp()}.
 *
 * @param time      when the kernel logged it ({@code audit(SECONDS.MILLIS:SERIAL)}), or null when the
 *                  line had no stamp (the journal's own audit lines drop it)
 * @param serial    the audit event serial, 0 when there was no stamp
 * @param pid       the calling thread's process id
 * @param uid       its uid; {@link #UNSET} when unset or not logged
 * @param auid      its login uid; {@link #UNSET} when unset or not logged
 * @param comm      its command name (at most 15 bytes), hex-decoded when the log had it in hex
 * @param exe       its executable's path, or null when not logged
 * @param signal    the signal the action sends (SIGSYS, 31, for KILL and TRAP), 0 for none
 * @param auditArch the {@code arch=} AUDIT_ARCH_* value
 * @param syscall   the syscall number as the filter saw it (x32 numbers with 0x40000000, MIPS with its base)
 * @param compat    1 when the call came through a compat (32-bit) entry, else 0
 * @param ip        the instruction pointer of the call
 * @param code      the SECCOMP_RET_* value; see {@link #action()}
 */
public record AuditRecord(Instant time, long serial, int pid, long uid, long auid, String comm, String exe,
                          int signal, int auditArch, int syscall, int compat, long ip, int code) {

    /** The kernel's "not set" id (-1 as a u32), also used here for ids absent from the line. */
    public static final long UNSET = 4294967295L;

    /** The arch, when the AUDIT_ARCH value is one syscage knows (x86_64 vs x32 told by the syscall number). */
    public Optional<Arch> arch() {
        return AuditArches.of(auditArch, syscall);
    }

    /** The syscall's name on its arch, when both are known. */
    public Optional<String> syscallName() {
        return arch().flatMap(a -> SyscallTable.of(a).name(syscall));
    }

    /** What the filter decided. */
    public SeccompRet action() {
        return new SeccompRet(code);
    }
}
