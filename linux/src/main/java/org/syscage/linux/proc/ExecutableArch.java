package org.syscage.linux.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.syscage.core.arch.Arch;

/**
 * The arch a process runs as, from the ELF header of its executable ({@code /proc/PID/exe}).
 *
 * <p>An AUDIT_ARCH value is built from the same three facts an ELF header carries, so the header
 * maps to an arch without a table: the machine number (e_machine, the low 16 bits), whether the
 * ABI is 64-bit (ELF class 64, and MIPS n32) and whether it is little-endian (ELF data). The one
 * pair the audit value cannot tell apart is x86_64 and x32, which share AUDIT_ARCH_X86_64: an
 * x86_64 machine number in a 32-bit ELF file is x32.
 */
public final class ExecutableArch {
    private static final int HEADER_BYTES = 52;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int EM_X86_64 = 62;
    private static final int EM_MIPS = 8;
    /** EF_MIPS_ABI2: the n32 ABI in a MIPS header's e_flags. */
    private static final int EF_MIPS_ABI2 = 0x20;
    private static final int AUDIT_ARCH_64BIT = 0x80000000;
    private static final int AUDIT_ARCH_LE = 0x40000000;
    private static final int AUDIT_ARCH_CONVENTION_MIPS64_N32 = 0x20000000;

    private ExecutableArch() {
    }

    /** The arch of the executable {@code pid} runs; empty when it cannot be read or is not a known ELF arch. */
    public static Optional<Arch> of(int pid) {
        try (InputStream in = Files.newInputStream(Path.of("/proc", Integer.toString(pid), "exe"))) {
            return ofHeader(in.readNBytes(HEADER_BYTES));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The arch an ELF header (at least its first 52 bytes) is for; empty when it is not ELF or not known. */
    public static Optional<Arch> ofHeader(byte[] header) {
        if (header.length < HEADER_BYTES || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        boolean is64 = header[4] == ELFCLASS64;
        boolean little = header[5] == ELFDATA2LSB;
        ByteBuffer buf = ByteBuffer.wrap(header).order(little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int machine = Short.toUnsignedInt(buf.getShort(18));
        if (machine == EM_X86_64 && !is64) {
            return Optional.of(Arch.X32);
        }
        int audit = machine | (little ? AUDIT_ARCH_LE : 0) | (is64 ? AUDIT_ARCH_64BIT : 0);
        // e_flags follows e_entry, e_phoff and e_shoff, which are 4 bytes each in a 32-bit file.
        if (machine == EM_MIPS && !is64 && (buf.getInt(36) & EF_MIPS_ABI2) != 0) {
            audit |= AUDIT_ARCH_64BIT | AUDIT_ARCH_CONVENTION_MIPS64_N32;
        }
        return ofAuditArch(audit);
    }

    /**
     * The arch with AUDIT_ARCH value {@code auditArch}; for AUDIT_ARCH_X86_64 that is x86_64 (x32
     * system calls are told apart by their number, not by this value).
     */
    public static Optional<Arch> ofAuditArch(int auditArch) {
        for (Arch arch : Arch.values()) {
            if (arch.auditArch() == auditArch && arch != Arch.X32) {
                return Optional.of(arch);
            }
        }
        return Optional.empty();
    }
}
