package org.syscage.core.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;

import java.nio.ByteOrder;
import java.util.BitSet;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/** Filters built by libseccomp, run through the verifier, the emulator and the cache analysis. */
class LibseccompFiltersTest {
    private static final int PROT_READ = 1;
    private static final int PROT_EXEC = 4;

    private static int decide(BpfProgram p, Arch arch, int nr, long... args) {
        return Emulator.decide(p, SeccompData.of(arch, nr, args), arch);
    }

    @ParameterizedTest
    @ValueSource(strings = {"libseccomp-x86_64-o1.bpf", "libseccomp-x86_64-o2.bpf", "libseccomp-x86-o1.bpf",
        "libseccomp-aarch64-o2.bpf", "libseccomp-x86_64-x86-x32-o1.bpf"})
    void littleEndianFiltersPassTheVerifier(String name) {
        assertEquals(List.of(), Verifier.check(LibseccompFixtures.load(name, ByteOrder.LITTLE_ENDIAN)));
    }

    @Test
    void theBigEndianFilterPassesOnlyWhenReadBigEndian() {
        assertEquals(List.of(), Verifier.check(LibseccompFixtures.load("libseccomp-s390x-o1.bpf", ByteOrder.BIG_ENDIAN)));
        assertTrue(!Verifier.check(LibseccompFixtures.load("libseccomp-s390x-o1.bpf", ByteOrder.LITTLE_ENDIAN)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"libseccomp-x86_64-o1.bpf", "libseccomp-x86_64-o2.bpf", "libseccomp-x86_64-x86-x32-o1.bpf"})
    void x86_64DecisionsFollowThePolicy(String name) {
        BpfProgram p = LibseccompFixtures.load(name, ByteOrder.LITTLE_ENDIAN);
        assertPolicy(p, Arch.X86_64, LibseccompFixtures.X86_64);
        Arch a = Arch.X86_64;
        var n = LibseccompFixtures.X86_64;
        assertEquals(SECCOMP_RET_ALLOW, decide(p, a, n.pread64(), 3, 0, 10, 0x1_0000_0000L));
        assertEquals(SECCOMP_RET_ALLOW, decide(p, a, n.pread64(), 3, 0, 10, 0xffff_ffffL));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, a, n.pread64(), 3, 0, 10, 0x1_0000_0001L));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, a, n.pread64(), 3, 0, 10, 0x2_0000_0000L));
        assertEquals(SECCOMP_RET_ALLOW, decide(p, a, n.mprotect(), 0, 4096, 0x1_0000_0000L | PROT_READ),
                "the mask PROT_EXEC has no high bits, so the high word does not matter");
    }

    @Test
    void x86FilterDecisions() {
        BpfProgram p = LibseccompFixtures.load("libseccomp-x86-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        assertPolicy(p, Arch.X86, LibseccompFixtures.X86);
        assertEquals(SECCOMP_RET_KILL_THREAD, decide(p, Arch.X86_64, 0), "x86_64 is a bad arch here");
    }

    @Test
    void aarch64FilterDecisions() {
        BpfProgram p = LibseccompFixtures.load("libseccomp-aarch64-o2.bpf", ByteOrder.LITTLE_ENDIAN);
        assertPolicy(p, Arch.AARCH64, LibseccompFixtures.AARCH64);
    }

    @Test
    void s390xFilterReadsArgumentsBigEndian() {
        BpfProgram p = LibseccompFixtures.load("libseccomp-s390x-o1.bpf", ByteOrder.BIG_ENDIAN);
        assertPolicy(p, Arch.S390X, LibseccompFixtures.S390X);
        var n = LibseccompFixtures.S390X;
        assertEquals(SECCOMP_RET_ALLOW, decide(p, Arch.S390X, n.pread64(), 3, 0, 10, 0x1_0000_0000L));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, Arch.S390X, n.pread64(), 3, 0, 10, 0x1_0000_0001L));
        // Read with the wrong byte order, the same data reaches other words and other decisions.
        SeccompData exec = SeccompData.of(Arch.S390X, n.mprotect(), 0, 4096, PROT_READ | PROT_EXEC);
        assertEquals(SECCOMP_RET_KILL_PROCESS, Emulator.decide(p, exec, false));
        assertEquals(SECCOMP_RET_ALLOW, Emulator.decide(p, exec, true));
    }

    @Test
    void multiArchFilterHandlesI386AndX32() {
        BpfProgram p = LibseccompFixtures.load("libseccomp-x86_64-x86-x32-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        assertPolicy(p, Arch.X86, LibseccompFixtures.X86);
        int x32 = Arch.X32_SYSCALL_BIT;
        assertEquals(SECCOMP_RET_ALLOW, decide(p, Arch.X32, x32 | 0));
        assertEquals(Bpf.errno(13), decide(p, Arch.X32, x32 | 257));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, Arch.X32, x32 | 39));
    }

    private static void assertPolicy(BpfProgram p, Arch arch, LibseccompFixtures.Numbers n) {
        assertEquals(SECCOMP_RET_ALLOW, decide(p, arch, n.read(), 0, 0, 100));
        assertEquals(SECCOMP_RET_ALLOW, decide(p, arch, n.write(), 1));
        assertEquals(SECCOMP_RET_ALLOW, decide(p, arch, n.exitGroup(), 0));
        assertEquals(Bpf.errno(13), decide(p, arch, n.openat(), -100, 0x1000, 0));
        assertEquals(SECCOMP_RET_ALLOW, decide(p, arch, n.mprotect(), 0x1000, 4096, PROT_READ));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, arch, n.mprotect(), 0x1000, 4096, PROT_READ | PROT_EXEC));
        assertEquals(SECCOMP_RET_KILL_PROCESS, decide(p, arch, n.getpid()));
        Arch other = arch == Arch.AARCH64 ? Arch.RISCV64 : Arch.AARCH64;
        assertEquals(SECCOMP_RET_KILL_THREAD, Emulator.decide(p, SeccompData.of(other, n.read()), arch.littleEndian()),
                "bad arch: libseccomp's default action");
    }

    @Test
    void argumentFreeAllowsAreCacheable() {
        for (String name : List.of("libseccomp-x86_64-o1.bpf", "libseccomp-x86_64-o2.bpf")) {
            BpfProgram p = LibseccompFixtures.load(name, ByteOrder.LITTLE_ENDIAN);
            var n = LibseccompFixtures.X86_64;
            BitSet expected = new BitSet();
            expected.set(n.read());
            expected.set(n.write());
            expected.set(n.exitGroup());
            expected.set(335); // uretprobe and uprobe: cached by the kernel whatever the filter says
            expected.set(336);
            assertEquals(expected, CacheAnalysis.cacheableSyscalls(p, Arch.X86_64, 500), name);
            assertEquals(new BitSet(), CacheAnalysis.cacheableSyscalls(p, Arch.X86, 500), "i386 is a bad arch here");
        }
        BpfProgram multi = LibseccompFixtures.load("libseccomp-x86_64-x86-x32-o1.bpf", ByteOrder.LITTLE_ENDIAN);
        BitSet i386 = new BitSet();
        i386.set(3);
        i386.set(4);
        i386.set(252);
        assertEquals(i386, CacheAnalysis.cacheableSyscalls(multi, Arch.X86, 500));
    }
}
