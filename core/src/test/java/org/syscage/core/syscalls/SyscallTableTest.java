package org.syscage.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.arch.Arch;

class SyscallTableTest {

    private static final ReferenceCsv CSV = ReferenceCsv.load();

    /** Where each arch's numbers live in the csv and what the kernel adds to them. */
    record Layout(String column, int bias) {}

    private static final Map<Arch, Layout> LAYOUT = Map.ofEntries(
            Map.entry(Arch.X86, new Layout("x86", 0)),
            Map.entry(Arch.X86_64, new Layout("x86_64", 0)),
            Map.entry(Arch.X32, new Layout("x32", 0x40000000)),
            Map.entry(Arch.ARM, new Layout("arm", 0)),
            Map.entry(Arch.AARCH64, new Layout("aarch64", 0)),
            Map.entry(Arch.LOONGARCH64, new Layout("loongarch64", 0)),
            Map.entry(Arch.M68K, new Layout("m68k", 0)),
            Map.entry(Arch.MIPS, new Layout("mips", 4000)),
            Map.entry(Arch.MIPSEL, new Layout("mips", 4000)),
            Map.entry(Arch.MIPS64, new Layout("mips64", 5000)),
            Map.entry(Arch.MIPSEL64, new Layout("mips64", 5000)),
            Map.entry(Arch.MIPS64N32, new Layout("mips64n32", 6000)),
            Map.entry(Arch.MIPSEL64N32, new Layout("mips64n32", 6000)),
            Map.entry(Arch.PARISC, new Layout("parisc", 0)),
            Map.entry(Arch.PARISC64, new Layout("parisc64", 0)),
            Map.entry(Arch.PPC, new Layout("ppc", 0)),
            Map.entry(Arch.PPC64, new Layout("ppc64", 0)),
            Map.entry(Arch.PPC64LE, new Layout("ppc64", 0)),
            Map.entry(Arch.RISCV64, new Layout("riscv64", 0)),
            Map.entry(Arch.S390, new Layout("s390", 0)),
            Map.entry(Arch.S390X, new Layout("s390x", 0)),
            Map.entry(Arch.SH, new Layout("sh", 0)),
            Map.entry(Arch.SHEB, new Layout("sh", 0)));

    private static final Set<Arch> MULTIPLEXING = EnumSet.of(Arch.X86, Arch.M68K, Arch.MIPS, Arch.MIPSEL,
            Arch.PPC, Arch.PPC64, Arch.PPC64LE, Arch.S390, Arch.S390X, Arch.SH, Arch.SHEB);

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyNumberOfTheCsvResolvesBothWays(Arch arch) {
        Layout layout = LAYOUT.get(arch);
        SyscallTable table = SyscallTable.of(arch);
        int direct = 0;
        for (String name : CSV.cells().keySet()) {
            OptionalInt raw = CSV.raw(name, layout.column());
            if (raw.isPresent()) {
                int nr = raw.getAsInt() + layout.bias();
                assertEquals(OptionalInt.of(nr), table.number(name), arch + " " + name);
                assertEquals(Optional.of(name), table.name(nr), arch + " " + nr);
                direct++;
            } else {
                assertEquals(OptionalInt.empty(), table.number(name), arch + " " + name + " is PNR");
            }
        }
        long tableDirect = table.names().stream().filter(n -> table.number(n).isPresent()).count();
        assertEquals(direct, tableDirect, arch + ": direct syscalls beyond the csv");
    }

    @Test
    void everyCsvColumnIsServedByAnArch() {
        Set<String> used = LAYOUT.values().stream().map(Layout::column).collect(Collectors.toSet());
        assertEquals(Set.copyOf(CSV.arches()), used);
        assertEquals(EnumSet.allOf(Arch.class), LAYOUT.keySet());
    }

    @Test
    void sourceVersionIsTheKernelOfTheCsvHeader() {
        // "#syscall (v7.1.0-rc4 2026-05-19)"
        assertTrue(CSV.header().startsWith("#syscall (" + SyscallTable.sourceVersion() + " "), CSV.header());
    }

    @Test
    void acceptanceExamples() {
        assertEquals(OptionalInt.of(160), SyscallTable.of(Arch.AARCH64).number("uname"));
        assertEquals(Optional.of("execve"), SyscallTable.of(Arch.X86_64).name(59));
        assertEquals(OptionalInt.of(1073741824), SyscallTable.of(Arch.X32).number("read"));
        assertEquals(OptionalInt.of(435), SyscallTable.of(Arch.RISCV64).number("clone3"));
        assertEquals(OptionalInt.of(326), SyscallTable.of(Arch.PPC64LE).number("socket"));
        assertEquals(OptionalInt.of(359), SyscallTable.of(Arch.X86).number("socket"));
        assertEquals(Optional.of(new Multiplexed("socketcall", 102, 1)), SyscallTable.of(Arch.X86).multiplexed("socket"));
        assertEquals(OptionalInt.of(359), SyscallTable.of(Arch.parse("i386")).number("socket"));
    }

    @Test
    void mipsNumbersCarryTheirAbiBase() {
        assertEquals(OptionalInt.of(4003), SyscallTable.of(Arch.MIPSEL).number("read"));
        assertEquals(OptionalInt.of(5000), SyscallTable.of(Arch.MIPS64).number("read"));
        assertEquals(OptionalInt.of(6000), SyscallTable.of(Arch.MIPSEL64N32).number("read"));
        assertEquals(OptionalInt.of(4102), SyscallTable.of(Arch.MIPS).number("socketcall"));
        assertEquals(Optional.of(new Multiplexed("ipc", 4117, 1)), SyscallTable.of(Arch.MIPS).multiplexed("semop"));
    }

    @Test
    void reverseLookupOnBiasedArchesAcceptsRawNumbersToo() {
        SyscallTable x32 = SyscallTable.of(Arch.X32);
        assertEquals(Optional.of("read"), x32.name(0x40000000));
        assertEquals(Optional.of("read"), x32.name(0));
        assertEquals(Optional.of("execve"), x32.name(0x40000000 + 520));
        assertEquals(Optional.of("execve"), x32.name(520));
        assertEquals(Optional.empty(), x32.name(59), "x86_64's execve number is not an x32 syscall");
        assertEquals(Optional.of("read"), SyscallTable.of(Arch.MIPS).name(3));
        assertEquals(Optional.empty(), SyscallTable.of(Arch.X86_64).name(0x40000000));
        assertEquals(Optional.empty(), SyscallTable.of(Arch.X86_64).name(-1));
    }

    @Test
    void multiplexingArchesAreThoseLibseccompMultiplexes() {
        Set<Arch> found = EnumSet.noneOf(Arch.class);
        for (Arch a : Arch.values()) {
            if (SyscallTable.of(a).multiplexed("socket").isPresent()) {
                found.add(a);
            }
        }
        assertEquals(MULTIPLEXING, found);
        // Those are exactly the arches whose kernels have socketcall and ipc.
        for (Arch a : Arch.values()) {
            String column = LAYOUT.get(a).column();
            assertEquals(MULTIPLEXING.contains(a), CSV.raw("socketcall", column).isPresent(), a + " socketcall");
            assertEquals(MULTIPLEXING.contains(a), CSV.raw("ipc", column).isPresent(), a + " ipc");
        }
    }

    @Test
    void socketcallSubCallsAreTheKernelsSysConstants() {
        List<String> socketcalls = List.of("socket", "bind", "connect", "listen", "accept", "getsockname",
                "getpeername", "socketpair", "send", "recv", "sendto", "recvfrom", "shutdown", "setsockopt",
                "getsockopt", "sendmsg", "recvmsg", "accept4", "recvmmsg", "sendmmsg");
        SyscallTable s390x = SyscallTable.of(Arch.S390X);
        for (int i = 0; i < socketcalls.size(); i++) {
            assertEquals(Optional.of(new Multiplexed("socketcall", 102, i + 1)), s390x.multiplexed(socketcalls.get(i)));
        }
        Map<String, Integer> ipc = new TreeMap<>(Map.ofEntries(
                Map.entry("semop", 1), Map.entry("semget", 2), Map.entry("semctl", 3), Map.entry("semtimedop", 4),
                Map.entry("msgsnd", 11), Map.entry("msgrcv", 12), Map.entry("msgget", 13), Map.entry("msgctl", 14),
                Map.entry("shmat", 21), Map.entry("shmdt", 22), Map.entry("shmget", 23), Map.entry("shmctl", 24)));
        ipc.forEach((name, call) ->
                assertEquals(Optional.of(new Multiplexed("ipc", 117, call)), s390x.multiplexed(name), name));
        assertEquals(Optional.empty(), s390x.multiplexed("read"));
        assertEquals(Optional.empty(), s390x.multiplexed("socketcall"));
    }

    @Test
    void bothDirectAndMultiplexedWhereTheArchHasADirectNumber() {
        SyscallTable x86 = SyscallTable.of(Arch.X86);
        // send and semop have no direct x86 number: libseccomp filters them only through the multiplexer.
        assertEquals(OptionalInt.empty(), x86.number("send"));
        assertEquals(Optional.of(new Multiplexed("socketcall", 102, 9)), x86.multiplexed("send"));
        assertTrue(x86.names().contains("send"));
        assertEquals(OptionalInt.empty(), x86.number("semop"));
        assertEquals(Optional.of(new Multiplexed("ipc", 117, 1)), x86.multiplexed("semop"));
        // ppc64 has a direct semtimedop (392) and keeps the ipc(4) route too.
        assertEquals(OptionalInt.of(392), SyscallTable.of(Arch.PPC64).number("semtimedop"));
        assertEquals(Optional.of(new Multiplexed("ipc", 117, 4)), SyscallTable.of(Arch.PPC64).multiplexed("semtimedop"));
    }

    @Test
    void nonMultiplexingArchesHaveOnlyDirectNumbers() {
        for (Arch a : EnumSet.complementOf(EnumSet.copyOf(MULTIPLEXING))) {
            SyscallTable t = SyscallTable.of(a);
            for (String name : t.names()) {
                assertEquals(Optional.empty(), t.multiplexed(name), a + " " + name);
                assertTrue(t.number(name).isPresent(), a + " " + name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void maxNumberIsTheLargestDirectNumber(Arch arch) {
        Layout layout = LAYOUT.get(arch);
        int max = CSV.cells().keySet().stream().map(n -> CSV.raw(n, layout.column()))
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max().orElseThrow();
        assertEquals(max + layout.bias(), SyscallTable.of(arch).maxNumber());
        assertEquals(arch, SyscallTable.of(arch).arch());
    }

    @Test
    void armMaxNumberIsInItsPrivateRange() {
        assertEquals(0xf0006, SyscallTable.of(Arch.ARM).maxNumber());
        assertEquals(Optional.of("set_tls"), SyscallTable.of(Arch.ARM).name(0xf0005));
    }

    @Test
    void allNamesTellsUnknownFromAbsent() {
        assertTrue(SyscallTable.allNames().contains("socketcall"));
        assertFalse(SyscallTable.of(Arch.X86_64).names().contains("socketcall"));
        assertFalse(SyscallTable.allNames().contains("sockett"));
        assertEquals(CSV.cells().keySet(), SyscallTable.allNames());
    }

    @Test
    void tablesAreSharedAndImmutable() {
        assertTrue(SyscallTable.of(Arch.SH) == SyscallTable.of(Arch.SH));
        assertThrows(UnsupportedOperationException.class, () -> SyscallTable.of(Arch.SH).names().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> SyscallTable.allNames().remove("read"));
        assertEquals(SyscallTable.of(Arch.PPC64).names(), SyscallTable.of(Arch.PPC64LE).names());
        assertTrue(Stream.of(Arch.values()).allMatch(a -> SyscallTable.of(a).names().contains("exit")));
    }
}
