package org.syscage.core.arch;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An architecture as seccomp sees it: the {@code arch} word of {@code struct seccomp_data}
 * (an AUDIT_ARCH_* value), its word size and byte order, and the column of the syscall table
 * that holds its numbers.
 *
 * <p>Three spellings name each arch and all are accepted everywhere: the kernel/libseccomp
 * name ({@code x86_64}), the Go/Docker name ({@code amd64}) and the OCI name
 * ({@code SCMP_ARCH_X86_64}). A few extra aliases ({@code i386}, {@code 386}) are accepted too.
 */
public enum Arch {
    X86("x86", "SCMP_ARCH_X86", "386", 0x40000003, 32, true, "x86", "i386", "i686", "x86_32"),
    X86_64("x86_64", "SCMP_ARCH_X86_64", "amd64", 0xC000003E, 64, true, "x86_64", "x64"),
    /** x32 shares AUDIT_ARCH_X86_64 with x86_64; its syscall numbers carry {@link #X32_SYSCALL_BIT}. */
    X32("x32", "SCMP_ARCH_X32", "x32", 0xC000003E, 32, true, "x32"),
    ARM("arm", "SCMP_ARCH_ARM", "arm", 0x40000028, 32, true, "arm", "armhf", "armel"),
    AARCH64("aarch64", "SCMP_ARCH_AARCH64", "arm64", 0xC00000B7, 64, true, "aarch64"),
    LOONGARCH64("loongarch64", "SCMP_ARCH_LOONGARCH64", "loong64", 0xC0000102, 64, true, "loongarch64"),
    M68K("m68k", "SCMP_ARCH_M68K", "m68k", 0x00000004, 32, false, "m68k"),
    MIPS("mips", "SCMP_ARCH_MIPS", "mips", 0x00000008, 32, false, "mips"),
    MIPSEL("mipsel", "SCMP_ARCH_MIPSEL", "mipsle", 0x40000008, 32, true, "mips"),
    MIPS64("mips64", "SCMP_ARCH_MIPS64", "mips64", 0x80000008, 64, false, "mips64"),
    MIPSEL64("mipsel64", "SCMP_ARCH_MIPSEL64", "mips64le", 0xC0000008, 64, true, "mips64", "mips64el"),
    /** Go calls the n32 ABI {@code mips64p32}; Docker's arch tables map that GOARCH here. */
    MIPS64N32("mips64n32", "SCMP_ARCH_MIPS64N32", "mips64p32", 0xA0000008, 32, false, "mips64n32"),
    /** {@code mips3l64n32} is how Docker's seccomp code spells this arch (sic). */
    MIPSEL64N32("mipsel64n32", "SCMP_ARCH_MIPSEL64N32", "mips64p32le", 0xE0000008, 32, true, "mips64n32",
            "mips3l64n32", "mips64len32", "mips64eln32", "mipsle64n32"),
    PARISC("parisc", "SCMP_ARCH_PARISC", "parisc", 0x0000000F, 32, false, "parisc"),
    PARISC64("parisc64", "SCMP_ARCH_PARISC64", "parisc64", 0x8000000F, 64, false, "parisc64"),
    PPC("ppc", "SCMP_ARCH_PPC", "ppc", 0x00000014, 32, false, "ppc", "powerpc"),
    PPC64("ppc64", "SCMP_ARCH_PPC64", "ppc64", 0x80000015, 64, false, "ppc64"),
    PPC64LE("ppc64le", "SCMP_ARCH_PPC64LE", "ppc64le", 0xC0000015, 64, true, "ppc64"),
    RISCV64("riscv64", "SCMP_ARCH_RISCV64", "riscv64", 0xC00000F3, 64, true, "riscv64"),
    S390("s390", "SCMP_ARCH_S390", "s390", 0x00000016, 32, false, "s390"),
    S390X("s390x", "SCMP_ARCH_S390X", "s390x", 0x80000016, 64, false, "s390x"),
    /** libseccomp's "sh" is little-endian SuperH; big-endian is "sheb". */
    SH("sh", "SCMP_ARCH_SH", "sh", 0x4000002A, 32, true, "sh"),
    SHEB("sheb", "SCMP_ARCH_SHEB", "sheb", 0x0000002A, 32, false, "sh");

    /** The bit the kernel sets in x32 syscall numbers (__X32_SYSCALL_BIT). */
    public static final int X32_SYSCALL_BIT = 0x40000000;

    private final String kernelName;
    private final String ociName;
    private final String goName;
    private final int auditArch;
    private final int bits;
    private final boolean littleEndian;
    private final String tableColumn;
    private final List<String> extraAliases;

    Arch(String kernelName, String ociName, String goName, int auditArch, int bits,
         boolean littleEndian, String tableColumn, String... extraAliases) {
        this.kernelName = kernelName;
        this.ociName = ociName;
        this.goName = goName;
        this.auditArch = auditArch;
        this.bits = bits;
        this.littleEndian = littleEndian;
        this.tableColumn = tableColumn;
        this.extraAliases = List.of(extraAliases);
    }

    /** libseccomp / kernel spelling, e.g. {@code x86_64}. */
    public String kernelName() { return kernelName; }

    /** OCI runtime-spec spelling, e.g. {@code SCMP_ARCH_X86_64}. */
    public String ociName() { return ociName; }

    /** Go ({@code GOARCH}) / Docker spelling, e.g. {@code amd64}. */
    public String goName() { return goName; }

    /** The AUDIT_ARCH_* value the kernel puts in {@code seccomp_data.arch}. */
    public int auditArch() { return auditArch; }

    /** Width of a syscall argument register: 32-bit arches see only the low word of a 64-bit value. */
    public int bits() { return bits; }

    public boolean is64Bit() { return bits == 64; }

    public boolean littleEndian() { return littleEndian; }

    /** The column of libseccomp's syscalls.csv that holds this arch's numbers. */
    public String tableColumn() { return tableColumn; }

    /**
     * Number the kernel adds to every syscall number of this arch's table: {@code 0x40000000} for
     * x32, and the ABI base of MIPS (4000 for o32, 5000 for n64, 6000 for n32), whose tables
     * (like libseccomp's) count from zero while {@code seccomp_data.nr} carries the base.
     */
    public int syscallBias() {
        return switch (this) {
            case X32 -> X32_SYSCALL_BIT;
            case MIPS, MIPSEL -> 4000;
            case MIPS64, MIPSEL64 -> 5000;
            case MIPS64N32, MIPSEL64N32 -> 6000;
            default -> 0;
        };
    }

    private static final Map<String, Arch> BY_NAME = new HashMap<>();

    static {
        for (Arch a : values()) {
            for (String n : Stream.concat(Stream.of(a.kernelName, a.ociName, a.goName, a.name()),
                    a.extraAliases.stream()).toList()) {
                BY_NAME.putIfAbsent(n.toLowerCase(Locale.ROOT), a);
            }
        }
    }

    /** Looks an arch up by any of its spellings, ignoring case. */
    public static Optional<Arch> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_NAME.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Like {@link #find} but throws with the list of accepted names when unknown. */
    public static Arch parse(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown architecture '" + name + "', expected one of " + acceptedNames()));
    }

    /** The kernel spellings, for error messages and help texts. */
    public static String acceptedNames() {
        return Stream.of(values()).map(Arch::kernelName).collect(Collectors.joining(", "));
    }

    /** The arch of the machine this JVM runs on (the JVM's own ABI, as {@code uname -m} names it). */
    public static Arch host() {
        String osArch = System.getProperty("os.arch", "");
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "x86", "i386", "i486", "i586", "i686" -> X86;
            case "aarch64", "arm64" -> AARCH64;
            case "arm" -> ARM;
            case "riscv64" -> RISCV64;
            case "ppc64le" -> PPC64LE;
            case "ppc64" -> PPC64;
            case "s390x" -> S390X;
            case "loongarch64" -> LOONGARCH64;
            case "mips64el" -> MIPSEL64;
            case "mips64" -> MIPS64;
            case "mipsel" -> MIPSEL;
            case "mips" -> MIPS;
            default -> find(osArch).orElseThrow(() ->
                    new IllegalStateException("unsupported host architecture " + osArch));
        };
    }

    @Override
    public String toString() {
        return kernelName;
    }
}
