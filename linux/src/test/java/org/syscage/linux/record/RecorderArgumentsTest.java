package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;

/**
 * {@code record --args} on real processes: the keys recorded are the values the program passed,
 * known here from the kernel's headers, not from syscage.
 */
class RecorderArgumentsTest {
    /** AF_INET 2 + SOCK_STREAM 1 (Python adds SOCK_CLOEXEC), AF_UNIX 1 + SOCK_DGRAM 2 | SOCK_NONBLOCK. */
    private static final String PROGRAM = String.join("\n",
            "import socket, fcntl, os, ctypes, termios",
            "socket.socket()",
            "socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_NONBLOCK)",
            "r, w = os.pipe()",
            "fcntl.fcntl(r, fcntl.F_GETFL)",                     // F_GETFL = 3
            "fcntl.ioctl(r, termios.FIONREAD, b'0000')",          // FIONREAD = 0x541B
            "ctypes.CDLL(None).prctl(15, b'syscage', 0, 0, 0)");  // PR_SET_NAME = 15

    private static Map<String, Set<List<Long>>> keys(Recording r, Arch arch) {
        Map<String, Set<List<Long>>> keys = new TreeMap<>();
        r.arguments().stream().filter(v -> v.arch() == arch)
                .forEach(v -> keys.computeIfAbsent(v.name(), n -> new java.util.HashSet<>()).addAll(v.keys()));
        return keys;
    }

    @Test
    void recordsTheValuesTheProgramPassed() {
        Recording r = Recorder.record(List.of("/usr/bin/python3", "-c", PROGRAM), System.getenv(), true, true);

        assertEquals(0, r.commandExit());
        assertTrue(r.withArguments());
        Map<String, Set<List<Long>>> keys = keys(r, Arch.X86_64);
        assertTrue(keys.get("socket").containsAll(Set.of(List.of(2L, 1L), List.of(1L, 2L))), keys.toString());
        assertTrue(keys.get("fcntl").contains(List.of(3L)), keys.toString());
        assertTrue(keys.get("ioctl").contains(List.of(0x541BL)), keys.toString());
        assertTrue(keys.get("prctl").contains(List.of(15L)), keys.toString());
        // The dynamic loader maps code: PROT_EXEC (4) is seen on mmap.
        assertTrue(keys.get("mmap").contains(List.of(4L)), keys.toString());
    }

    @Test
    void onlyTheDecidingSyscallsHaveValuesAndOnlyWhenAsked() {
        List<String> command = List.of("/bin/sh", "-c", "ls -l /dev > /dev/null; sleep 0.1 & wait");
        Recording with = Recorder.record(command, System.getenv(), true, true);
        Recording without = Recorder.record(command, System.getenv(), true, false);

        Set<String> deciding = java.util.Arrays.stream(DecidingArgument.values())
                .flatMap(d -> d.names().stream()).collect(Collectors.toSet());
        Set<String> withValues = new TreeSet<>();
        with.arguments().forEach(v -> withValues.add(v.name()));
        assertTrue(deciding.containsAll(withValues), withValues.toString());
        // The shell forks with clone and no namespace flag; every recorded syscall has its values.
        assertEquals(Set.of(List.of(0L)), keys(with, Arch.X86_64).get("clone"));
        Set<String> recordedDeciding = new TreeSet<>();
        with.syscalls().stream().map(RecordedSyscall::name).filter(deciding::contains).forEach(recordedDeciding::add);
        assertEquals(recordedDeciding, withValues);
        assertFalse(without.withArguments());
        assertEquals(List.of(), without.arguments());
    }
}
