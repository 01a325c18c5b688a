package org.syscage.core.inspect;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.syscage.core.arch.Arch;

/**
 * The names a disassembly gives to {@code seccomp_data.arch} values: {@code ARCH_X86_64},
 * {@code ARCH_I386}... — the kernel's {@code AUDIT_ARCH_*} constants without {@code AUDIT_}, as
 * seccomp-tools spells them. seccomp-tools knows five of them; syscage names every arch it
 * supports the same way (little-endian SuperH is the kernel's {@code ARCH_SHEL}, big-endian
 * {@code ARCH_SH}). x32 shares {@code ARCH_X86_64} with x86_64.
 */
public final class ArchConstants {
    private ArchConstants() {}

    private static final Map<Arch, String> NAMES = new EnumMap<>(Arch.class);
    private static final Map<String, Integer> VALUES = new HashMap<>();
    private static final Map<Integer, Arch> ARCH_BY_VALUE = new HashMap<>();

    static {
        for (Arch a : Arch.values()) {
            String suffix = switch (a) {
                case X86 -> "I386";
                case X32 -> "X86_64";
                case SH -> "SHEL";
                case SHEB -> "SH";
                default -> a.kernelName().toUpperCase(Locale.ROOT);
            };
            NAMES.put(a, "ARCH_" + suffix);
            VALUES.putIfAbsent("ARCH_" + suffix, a.auditArch());
            // enum order puts x86_64 before x32, so the shared value means x86_64
            ARCH_BY_VALUE.putIfAbsent(a.auditArch(), a);
        }
    }

    /** The constant's name for an arch, e.g. {@code ARCH_AARCH64}. */
    public static String name(Arch arch) {
        return NAMES.get(arch);
    }

    /** The name of a {@code seccomp_data.arch} value, if it is one of a known arch. */
    public static Optional<String> name(int auditArch) {
        return arch(auditArch).map(ArchConstants::name);
    }

    /** The arch whose {@code seccomp_data.arch} is {@code auditArch} (x86_64 for the value x32 shares). */
    public static Optional<Arch> arch(int auditArch) {
        return Optional.ofNullable(ARCH_BY_VALUE.get(auditArch));
    }

    /** The value of a constant named like {@code ARCH_X86_64}, ignoring case as seccomp-tools' assembler does. */
    public static OptionalInt value(String name) {
        Integer v = VALUES.get(name.toUpperCase(Locale.ROOT));
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }
}
