package org.syscage.core.audit;

/**
 * Which records to keep: those whose comm, pid and exe equal the given ones (null matches any).
 * comm is compared as the kernel logs it, truncated to 15 bytes, so a longer name given here
 * still matches its truncated form.
 */
public record AuditFilter(String comm, Integer pid, String exe) {
    /** The kernel's TASK_COMM_LEN is 16, with the terminating NUL. */
    public static final int COMM_LENGTH = 15;

    public static final AuditFilter ALL = new AuditFilter(null, null, null);

    public boolean matches(AuditRecord r) {
        return (comm == null || comm.equals(r.comm()) || truncated(comm).equals(r.comm()))
                && (pid == null || pid == r.pid())
                && (exe == null || exe.equals(r.exe()));
    }

    private static String truncated(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return bytes.length <= COMM_LENGTH ? name
                : new String(bytes, 0, COMM_LENGTH, java.nio.charset.StandardCharsets.UTF_8);
    }
}
