package org.syscage.core.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArchTest {

    /** Every arch in its three spellings, plus its syscall-table column and the kernel's bias. */
    @ParameterizedTest(name = "{0} / {1} / {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # kernel    | Go/Docker   | OCI                   | enum        | column      | bias
            x86         | 386         | SCMP_ARCH_X86         | X86         | x86         | 0
            x86_64      | amd64       | SCMP_ARCH_X86_64      | X86_64      | x86_64      | 0
            x32         | x32         | SCMP_ARCH_X32         | X32         | x32         | 1073741824
            arm         | arm         | SCMP_ARCH_ARM         | ARM         | arm         | 0
            aarch64     | arm64       | SCMP_ARCH_AARCH64     | AARCH64     | aarch64     | 0
            loongarch64 | loong64     | SCMP_ARCH_LOONGARCH64 | LOONGARCH64 | loongarch64 | 0
            m68k        | m68k        | SCMP_ARCH_M68K        | M68K        | m68k        | 0
            mips        | mips        | SCMP_ARCH_MIPS        | MIPS        | mips        | 4000
            mipsel      | mipsle      | SCMP_ARCH_MIPSEL      | MIPSEL      | mips        | 4000
            mips64      | mips64      | SCMP_ARCH_MIPS64      | MIPS64      | mips64      | 5000
            mipsel64    | mips64le    | SCMP_ARCH_MIPSEL64    | MIPSEL64    | mips64      | 5000
            mips64n32   | mips64p32   | SCMP_ARCH_MIPS64N32   | MIPS64N32   | mips64n32   | 6000
            mipsel64n32 | mips64p32le | SCMP_ARCH_MIPSEL64N32 | MIPSEL64N32 | mips64n32   | 6000
            parisc      | parisc      | SCMP_ARCH_PARISC      | PARISC      | parisc      | 0
            parisc64    | parisc64    | SCMP_ARCH_PARISC64    | PARISC64    | parisc64    | 0
            ppc         | ppc         | SCMP_ARCH_PPC         | PPC         | ppc         | 0
            ppc64       | ppc64       | SCMP_ARCH_PPC64       | PPC64       | ppc64       | 0
            ppc64le     | ppc64le     | SCMP_ARCH_PPC64LE     | PPC64LE     | ppc64       | 0
            riscv64     | riscv64     | SCMP_ARCH_RISCV64     | RISCV64     | riscv64     | 0
            s390        | s390        | SCMP_ARCH_S390        | S390        | s390        | 0
            s390x       | s390x       | SCMP_ARCH_S390X       | S390X       | s390x       | 0
            sh          | sh          | SCMP_ARCH_SH          | SH          | sh          | 0
            sheb        | sheb        | SCMP_ARCH_SHEB        | SHEB        | sh          | 0
            """)
    void parsesEverySpelling(String kernel, String go, String oci, Arch expected, String column, int bias) {
        for (String spelling : List.of(kernel, go, oci, oci.toLowerCase(Locale.ROOT), " " + kernel.toUpperCase(Locale.ROOT) + " ")) {
            assertEquals(expected, Arch.parse(spelling), spelling);
        }
        assertEquals(kernel, expected.kernelName());
        assertEquals(go, expected.goName());
        assertEquals(oci, expected.ociName());
        assertEquals(column, expected.tableColumn());
        assertEquals(bias, expected.syscallBias());
        assertEquals(kernel, expected.toString());
    }

    @Test
    void theTableAboveCoversEveryArch() {
        // Guards against a new constant that the spelling table does not test.
        assertEquals(23, Arch.values().length);
    }

    @ParameterizedTest
    @CsvSource({"i386, X86", "i686, X86", "x86, X86", "mips3l64n32, MIPSEL64N32", "mips64n32, MIPS64N32",
            "powerpc, PPC", "armhf, ARM"})
    void acceptsCommonAliases(String alias, Arch expected) {
        assertEquals(expected, Arch.parse(alias));
    }

    @Test
    void unknownArchNamesEveryAcceptedKernelSpelling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arch.parse("sparc64"));
        assertEquals("unknown architecture 'sparc64', expected one of x86, x86_64, x32, arm, aarch64, loongarch64, "
                + "m68k, mips, mipsel, mips64, mipsel64, mips64n32, mipsel64n32, parisc, parisc64, ppc, ppc64, "
                + "ppc64le, riscv64, s390, s390x, sh, sheb", e.getMessage());
        assertEquals(Optional.empty(), Arch.find(null));
        assertEquals(Optional.empty(), Arch.find(""));
    }

    @Test
    void auditArchesAreDistinctExceptX32() {
        // x32 shares AUDIT_ARCH_X86_64; the syscall number's 0x40000000 bit tells them apart.
        assertEquals(Arch.X86_64.auditArch(), Arch.X32.auditArch());
        Set<Integer> others = EnumSet.complementOf(EnumSet.of(Arch.X32)).stream()
                .map(Arch::auditArch).collect(Collectors.toSet());
        assertEquals(Arch.values().length - 1, others.size());
        assertEquals(0x40000000, Arch.X32_SYSCALL_BIT);
    }

    @Test
    void hostIsAnArchWeHaveTablesFor() {
        assertTrue(EnumSet.allOf(Arch.class).contains(Arch.host()));
    }
}
