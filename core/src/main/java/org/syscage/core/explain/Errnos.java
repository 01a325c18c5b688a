package org.syscage.core.explain;

import java.util.Map;

/** Names of the errno values profiles commonly return, for messages (Linux's generic numbering). */
final class Errnos {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "success"), Map.entry(1, "EPERM"), Map.entry(2, "ENOENT"), Map.entry(5, "EIO"),
            Map.entry(9, "EBADF"), Map.entry(11, "EAGAIN"), Map.entry(12, "ENOMEM"), Map.entry(13, "EACCES"),
            Map.entry(14, "EFAULT"), Map.entry(16, "EBUSY"), Map.entry(22, "EINVAL"), Map.entry(25, "ENOTTY"),
            Map.entry(38, "ENOSYS"), Map.entry(95, "EOPNOTSUPP"), Map.entry(97, "EAFNOSUPPORT"));

    private Errnos() {}

    /** The name of {@code errno}, or null when it is not one of the common ones. */
    static String name(int errno) {
        return NAMES.get(errno);
    }
}
