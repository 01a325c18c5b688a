package org.syscage.linux.launch;

import java.util.List;

/**
 * One seccomp user notification ({@code struct seccomp_notif}): a thread stopped in a syscall
 * its filter answered with {@code SECCOMP_RET_USER_NOTIF}, waiting for the listener's answer.
 *
 * @param id                 the kernel's cookie for this notification, echoed in the answer
 * @param pid                the calling thread's id (in the listener's pid namespace)
 * @param nr                 the syscall number, as the filter saw it
 * @param arch               the AUDIT_ARCH value of the call
 * @param instructionPointer where the call was made
 * @param args               the six syscall arguments
 */
public record Notification(long id, int pid, int nr, int arch, long instructionPointer, List<Long> args) {
    public Notification {
        args = List.copyOf(args);
        if (args.size() != 6) {
            throw new IllegalArgumentException("a syscall has six argument registers, not " + args.size());
        }
    }
}
