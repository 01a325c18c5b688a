package org.syscage.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;

class SyscallKindTest {

    @Test
    void everySyscallOfX86_64AndAarch64HasAKind() {
        for (Arch arch : List.of(Arch.X86_64, Arch.AARCH64)) {
            TreeSet<String> unclassified = new TreeSet<>();
            SyscallTable.of(arch).names().stream().filter(n -> SyscallKind.of(n) == SyscallKind.UNKNOWN)
                    .forEach(unclassified::add);
            assertTrue(unclassified.isEmpty(), arch + ": no kind for " + unclassified);
        }
    }

    @Test
    void everyNameOfEveryTableHasAKindAndTheTableNamesNothingElse() {
        TreeSet<String> missing = new TreeSet<>(SyscallTable.allNames());
        missing.removeAll(SyscallKind.table().keySet());
        assertTrue(missing.isEmpty(), "no kind for " + missing);
        TreeSet<String> strays = new TreeSet<>(SyscallKind.table().keySet());
        strays.removeAll(SyscallTable.allNames());
        assertTrue(strays.isEmpty(), "classified but in no syscall table (a typo?): " + strays);
    }

    @ParameterizedTest
    @CsvSource({
            "openat, FILE", "read, FILE", "newfstatat, FILE", "epoll_wait, FILE", "ioctl, FILE",
            "connect, NETWORK", "socket, NETWORK", "recvmsg, NETWORK", "socketcall, NETWORK",
            "clone, PROCESS", "execve, PROCESS", "exit_group, PROCESS", "rt_sigaction, PROCESS", "setuid, PROCESS",
            "mmap, MEMORY", "mprotect, MEMORY", "brk, MEMORY", "mmap2, MEMORY",
            "msgsnd, IPC", "futex, IPC", "pipe2, IPC", "semop, IPC", "mq_open, IPC",
            "clock_gettime, TIME", "nanosleep, TIME", "timerfd_create, TIME", "clock_gettime64, TIME",
            "mount, PRIVILEGED", "bpf, PRIVILEGED", "ptrace, PRIVILEGED", "kexec_load, PRIVILEGED",
            "init_module, PRIVILEGED", "unshare, PRIVILEGED", "settimeofday, PRIVILEGED", "reboot, PRIVILEGED"})
    void wellKnownSyscallsAreWhereAReaderLooksForThem(String name, SyscallKind kind) {
        assertEquals(kind, SyscallKind.of(name));
    }

    @Test
    void aNameNoTableKnowsIsUnknown() {
        assertEquals(SyscallKind.UNKNOWN, SyscallKind.of("opne"));
        assertEquals(SyscallKind.UNKNOWN, SyscallKind.of("<script>"));
    }
}
