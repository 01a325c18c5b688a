package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;

class DockerHostTest {

    /** GOARCH → moby's goToNative name → nativeToSeccomp (moby/profiles seccomp_linux.go). */
    @ParameterizedTest
    @CsvSource({
            "x86_64,    amd64,       amd64,       SCMP_ARCH_X86_64",
            "x86,       386,         x86,         SCMP_ARCH_X86",
            "aarch64,   arm64,       arm64,       SCMP_ARCH_AARCH64",
            "arm,       arm,         arm,         SCMP_ARCH_ARM",
            "s390x,     s390x,       s390x,       SCMP_ARCH_S390X",
            "riscv64,   riscv64,     riscv64,     SCMP_ARCH_RISCV64",
            "ppc64le,   ppc64le,     ppc64le,     SCMP_ARCH_PPC64LE",
            "mipsel64,  mips64le,    mipsel64,    SCMP_ARCH_MIPSEL64",
            "mipsel64n32, mips64p32le, mips3l64n32, SCMP_ARCH_MIPSEL64N32",
    })
    void namesAsMobyDoes(String arch, String goarch, String nativeName, String archMapKey) {
        DockerHost host = DockerHost.of(Arch.parse(arch));
        assertEquals(goarch, host.goarch());
        assertEquals(nativeName, host.nativeName());
        assertEquals(Optional.of(Arch.parse(archMapKey)), host.archMapKey());
    }

    @Test
    void mobysTablesDisagreeForLoongarchAndMipsel() {
        DockerHost loong = DockerHost.of(Arch.LOONGARCH64);
        assertEquals("loongarch64", loong.nativeName());
        assertEquals(Optional.empty(), loong.archMapKey());
        DockerHost mipsel = DockerHost.of(Arch.MIPSEL);
        assertEquals("mipsel", mipsel.nativeName());
        assertEquals(Optional.empty(), mipsel.archMapKey());
    }

    @Test
    void goarchMipsIsMissingFromMobysTable() {
        DockerHost mips = DockerHost.of(Arch.MIPS);
        assertEquals("", mips.nativeName());
        assertEquals(Optional.empty(), mips.archMapKey());
    }

    @ParameterizedTest
    @EnumSource(value = Arch.class, names = {"X32", "M68K", "PARISC", "PARISC64", "SH", "SHEB"})
    void noDockerdForArchesWithoutAGoPort(Arch arch) {
        InputException e = assertThrows(InputException.class, () -> DockerHost.of(arch));
        assertTrue(e.getMessage().startsWith("dockerd does not run on " + arch.kernelName()), e.getMessage());
    }

    @Test
    void x32PointsToX86_64() {
        InputException e = assertThrows(InputException.class, () -> DockerHost.of(Arch.X32));
        assertTrue(e.getMessage().contains("--arch x86_64"), e.getMessage());
    }
}
