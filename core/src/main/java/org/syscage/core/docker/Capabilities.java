package org.syscage.core.docker;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SequencedSet;
import org.syscage.core.InputException;

/**
 * Linux capability names as Docker handles them: the 14 a container gets by default, the names
 * {@code --cap-add}/{@code --cap-drop} accept, and how the two options change the default set.
 * Sources: moby {@code oci/caps/defaults.go} (the defaults) and {@code oci/caps/utils.go}
 * ({@code NormalizeLegacyCapabilities}, {@code TweakCapabilities}).
 */
public final class Capabilities {

    /** The magic value of {@code --cap-add ALL} / {@code --cap-drop ALL}. */
    public static final String ALL = "ALL";

    /** Docker's default capabilities, in moby's order. */
    private static final SequencedSet<String> DOCKER_DEFAULT = unmodifiable(List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
            "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
            "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"));

    /** Every capability Linux defines, by number (0..40, linux/capability.h). */
    private static final SequencedSet<String> KNOWN = unmodifiable(List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
            "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
            "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
            "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
            "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
            "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
            "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
            "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"));

    private Capabilities() {}

    /** The 14 capabilities a Docker container gets unless told otherwise. */
    public static SequencedSet<String> dockerDefault() {
        return DOCKER_DEFAULT;
    }

    /** Every capability name Linux knows (41 as of Linux 5.9+), in the kernel's order. */
    public static SequencedSet<String> all() {
        return KNOWN;
    }

    public static boolean isKnown(String name) {
        return KNOWN.contains(name);
    }

    /**
     * Normalises a {@code --cap-add}/{@code --cap-drop} value like Docker: upper-cased and given a
     * {@code CAP_} prefix when missing, so {@code sys_nice}, {@code SYS_NICE} and
     * {@code CAP_SYS_NICE} are the same; {@code ALL} (any case) stays {@code ALL}.
     *
     * @throws InputException for a name Linux does not define, listing the valid ones
     */
    public static String normalize(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        if (upper.equals(ALL)) {
            return ALL;
        }
        String withPrefix = upper.startsWith("CAP_") ? upper : "CAP_" + upper;
        if (!KNOWN.contains(withPrefix)) {
            throw new InputException("unknown capability '" + name + "', expected ALL or one of "
                    + String.join(", ", KNOWN) + " (the CAP_ prefix and case are optional)");
        }
        return withPrefix;
    }

    /**
     * The capability set Docker gives a container started from {@code basics} with these
     * {@code --cap-add} and {@code --cap-drop} values (each normalised first). Docker does not
     * apply the two lists one after the other as written; its order is:
     * <ul>
     *   <li>{@code --cap-add ALL}: every capability except those dropped (drops win);</li>
     *   <li>else {@code --cap-drop ALL}: exactly the added ones;</li>
     *   <li>else the basics minus the dropped ones, then the added ones appended, so a
     *       capability both added and dropped ends up present (adds win).</li>
     * </ul>
     *
     * @throws InputException for an unknown name in either list
     */
    public static SequencedSet<String> tweak(Collection<String> basics, Collection<String> add,
                                             Collection<String> drop) {
        if (add.isEmpty() && drop.isEmpty()) {
            return unmodifiable(basics);
        }
        List<String> drops = drop.stream().map(Capabilities::normalize).toList();
        List<String> adds = add.stream().map(Capabilities::normalize).toList();
        LinkedHashSet<String> result = new LinkedHashSet<>();
        if (adds.contains(ALL)) {
            KNOWN.stream().filter(c -> !drops.contains(c)).forEach(result::add);
        } else if (drops.contains(ALL)) {
            result.addAll(adds);
        } else {
            basics.stream().filter(c -> !drops.contains(c)).forEach(result::add);
            result.addAll(adds);
        }
        return Collections.unmodifiableSequencedSet(result);
    }

    private static SequencedSet<String> unmodifiable(Collection<String> names) {
        return Collections.unmodifiableSequencedSet(new LinkedHashSet<>(names));
    }
}
