package org.syscage.linux.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.linux.ffm.Syscalls;

/**
 * The supervisor's end of a seccomp user-notification listener (seccomp_unotify(2)): receive
 * the calls a filter sent to user space and answer each with an errno, a return value, or "let
 * the kernel run it". This is the primitive violation reports and complain mode build on: a
 * profile's denied paths return {@code SECCOMP_RET_USER_NOTIF}, the supervisor records the call
 * and answers it as the profile would have.
 *
 * <p>Methods block the calling thread in the kernel; use a platform thread. One thread
 * receives; answers may come from any thread.
 */
public final class NotificationListener implements AutoCloseable {
    // _IOWR('!', 0, struct seccomp_notif), _IOWR('!', 1, struct seccomp_notif_resp),
    // _IOW('!', 2, __u64): the generic ioctl encoding, the same on x86_64 and aarch64.
    private static final long NOTIF_RECV = 0xC0502100L;
    private static final long NOTIF_SEND = 0xC0182101L;
    private static final long NOTIF_ID_VALID = 0x40082102L;
    /** struct seccomp_notif: id, pid, flags, then struct seccomp_data at 16. */
    private static final long NOTIF_BYTES = 80;
    private static final long DATA = 16;
    /** struct seccomp_notif_resp: id, val, error, flags. */
    private static final long RESP_BYTES = 24;
    /** Let the kernel carry out the call as if the filter had allowed it (Linux 5.5). */
    private static final int FLAG_CONTINUE = 1;

    private final int fd;

    /** Takes ownership of a listener descriptor, as {@link LaunchResult#listenerFd()} returns. */
    public NotificationListener(int fd) {
        this.fd = fd;
    }

    /**
     * Waits for the next notification. Empty once no process uses the filter any more (the
     * command and all its children have ended).
     */
    public Optional<Notification> receive() {
        while (true) {
            int events = Kernel.poll(fd, Kernel.POLLIN, -1);
            if ((events & Kernel.POLLIN) == 0 && (events & Kernel.POLLHUP) != 0) {
                return Optional.empty();
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment notif = arena.allocate(NOTIF_BYTES, 8); // zeroed, as the kernel requires
                long result = Kernel.raw(Kernel.Nr.IOCTL, fd, NOTIF_RECV, notif.address(), 0, 0, 0);
                if (result == -Kernel.ENOENT || result == -Kernel.EINTR) {
                    continue; // the caller died or was interrupted before we read it
                }
                Syscalls.check("ioctl(SECCOMP_IOCTL_NOTIF_RECV)", result);
                List<Long> args = new ArrayList<>(6);
                for (int i = 0; i < 6; i++) {
                    args.add(notif.get(JAVA_LONG, DATA + 16 + 8L * i));
                }
                return Optional.of(new Notification(notif.get(JAVA_LONG, 0), notif.get(JAVA_INT, 8),
                        notif.get(JAVA_INT, DATA), notif.get(JAVA_INT, DATA + 4), notif.get(JAVA_LONG, DATA + 8),
                        args));
            }
        }
    }

    /** The call fails with {@code errno} (for instance the profile's ERRNO action). */
    public boolean answerErrno(Notification n, int errno) {
        return send(n.id(), 0, -errno, 0);
    }

    /** The call "succeeds" with {@code value}, without being carried out. */
    public boolean answerValue(Notification n, long value) {
        return send(n.id(), value, 0, 0);
    }

    /** The kernel carries the call out as if the filter had allowed it. */
    public boolean answerContinue(Notification n) {
        return send(n.id(), 0, 0, FLAG_CONTINUE);
    }

    /** Whether the notification still waits for an answer (its caller has not died). */
    public boolean isValid(Notification n) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = arena.allocate(JAVA_LONG);
            id.set(JAVA_LONG, 0, n.id());
            return Kernel.raw(Kernel.Nr.IOCTL, fd, NOTIF_ID_VALID, id.address(), 0, 0, 0) == 0;
        }
    }

    /** False when the caller is gone (ENOENT): there was nobody left to answer. */
    private boolean send(long id, long value, int error, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment resp = arena.allocate(RESP_BYTES, 8);
            resp.set(JAVA_LONG, 0, id);
            resp.set(JAVA_LONG, 8, value);
            resp.set(JAVA_INT, 16, error);
            resp.set(JAVA_INT, 20, flags);
            long result = Kernel.raw(Kernel.Nr.IOCTL, fd, NOTIF_SEND, resp.address(), 0, 0, 0);
            if (result == -Kernel.ENOENT) {
                return false;
            }
            Syscalls.check("ioctl(SECCOMP_IOCTL_NOTIF_SEND)", result);
            return true;
        }
    }

    @Override
    public void close() {
        Kernel.close(fd);
    }
}
