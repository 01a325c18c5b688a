package org.syscage.linux.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.arch.Arch;

class ExecutableArchTest {

    /** An ELF header with the given class (1: 32-bit, 2: 64-bit), data (1: LSB, 2: MSB), e_machine and e_flags. */
    static byte[] header(int elfClass, int data, int machine, int flags) {
        ByteBuffer h = ByteBuffer.allocate(64).order(data == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        h.put(new byte[] {0x7f, 'E', 'L', 'F', (byte) elfClass, (byte) data, 1});
        h.putShort(16, (short) 2).putShort(18, (short) machine);
        h.putInt(elfClass == 1 ? 36 : 48, flags);
        return h.array();
    }

    /** e_machine numbers from elf.h; the expected arch is what a program built so runs as. */
    @ParameterizedTest(name = "class {0}, data {1}, e_machine {2}, e_flags {3} -> {4}")
    @CsvSource({
            "2, 1, 62, 0, X86_64",
            "1, 1, 62, 0, X32",
            "1, 1, 3, 0, X86",
            "2, 1, 183, 0, AARCH64",
            "1, 1, 40, 0, ARM",
            "2, 1, 243, 0, RISCV64",
            "2, 2, 22, 0, S390X",
            "1, 2, 22, 0, S390",
            "2, 1, 21, 0, PPC64LE",
            "2, 2, 21, 0, PPC64",
            "1, 2, 20, 0, PPC",
            "1, 2, 8, 0, MIPS",
            "1, 1, 8, 0, MIPSEL",
            "2, 1, 8, 0, MIPSEL64",
            "1, 2, 8, 32, MIPS64N32",
            "1, 1, 8, 32, MIPSEL64N32",
            "2, 1, 258, 0, LOONGARCH64",
            "1, 1, 42, 0, SH"})
    void elfHeadersMapToArches(int elfClass, int data, int machine, int flags, Arch expected) {
        assertEquals(Optional.of(expected), ExecutableArch.ofHeader(header(elfClass, data, machine, flags)));
    }

    @Test
    void whatIsNotAKnownElfHasNoArch() {
        assertEquals(Optional.empty(), ExecutableArch.ofHeader("#!/bin/sh\necho this is a script, not ELF at all\n".getBytes()));
        assertEquals(Optional.empty(), ExecutableArch.ofHeader(header(2, 1, 0xbeef, 0)));
        assertEquals(Optional.empty(), ExecutableArch.ofHeader(new byte[] {0x7f, 'E', 'L', 'F'}));
    }

    @Test
    void thisJvmRunsAsTheHostArch() {
        assertEquals(Optional.of(Arch.host()), ExecutableArch.of((int) ProcessHandle.current().pid()));
    }

    @Test
    void auditArchValuesNameTheirArch() {
        assertEquals(Optional.of(Arch.X86_64), ExecutableArch.ofAuditArch(0xC000003E));
        assertEquals(Optional.of(Arch.X86), ExecutableArch.ofAuditArch(0x40000003));
        assertEquals(Optional.of(Arch.AARCH64), ExecutableArch.ofAuditArch(0xC00000B7));
        assertEquals(Optional.empty(), ExecutableArch.ofAuditArch(0x1234));
    }
}
