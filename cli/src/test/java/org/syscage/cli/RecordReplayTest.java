package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * The main job end to end: a profile recorded from a workload, with either backend, lets the same
 * workload run under it (ERRNO for everything else, runc's base set added, compiled as runc compiles it).
 */
class RecordReplayTest {
    @TempDir
    Path dir;

    static final List<List<String>> WORKLOADS = List.of(
            List.of("ls", "/"),
            List.of("sh", "-c", "sleep 0.5 & ls / | wc -l; wait"),
            List.of("/usr/bin/python3", "-c", "import json; json.dumps({'a': 1})"),
            List.of("/usr/bin/python3", "-c", "import threading\n"
                    + "ts = [threading.Thread(target=sum, args=(range(10000),)) for _ in range(4)]\n"
                    + "[t.start() for t in ts]; [t.join() for t in ts]"));

    @TestFactory
    Stream<DynamicTest> aRecordedWorkloadReplaysUnderItsProfile() {
        return Stream.of("ptrace", "ebpf").flatMap(backend -> WORKLOADS.stream().map(workload ->
                DynamicTest.dynamicTest(backend + ": " + String.join(" ", workload), () -> {
                    Path profile = dir.resolve(backend + WORKLOADS.indexOf(workload) + ".json");
                    CliRun recorded = CliRun.run(args(List.of("record", "--backend", backend, "-o", profile.toString(),
                            "--"), workload));
                    assertEquals(0, recorded.exit(), recorded.err());
                    CliRun replayed = CliRun.run(args(List.of("run", "-p", profile.toString(), "--"), workload));
                    assertEquals(0, replayed.exit(), "replay under " + profile + ": " + replayed.err());
                })));
    }

    /** Workloads whose calls --args restricts: sockets, ioctl and fcntl, threads, forks. */
    static final List<List<String>> ARGUMENT_WORKLOADS = List.of(
            List.of("/usr/bin/python3", "-c", "import socket; socket.socket()"),
            List.of("ls", "-l", "/dev"),
            List.of("/bin/sh", "-c", "ls -l /proc/self/fd | wc -l; sleep 0.1 & wait"),
            WORKLOADS.get(3));

    /**
     * With --args and no base set (the tightest profile record writes), every workload still
     * replays: the argument rules let through what the workload did.
     */
    @TestFactory
    Stream<DynamicTest> withArgumentRulesAWorkloadStillReplays() {
        List<List<String>> all = new ArrayList<>(ARGUMENT_WORKLOADS);
        all.addAll(WORKLOADS.subList(0, 3));
        return all.stream().map(workload -> DynamicTest.dynamicTest(String.join(" ", workload), () -> {
            Path profile = dir.resolve("a" + all.indexOf(workload) + ".json");
            CliRun recorded = CliRun.run(args(List.of("record", "--args", "--no-base-syscalls", "-o",
                    profile.toString(), "--"), workload));
            assertEquals(0, recorded.exit(), recorded.err());
            assertTrue(Files.readString(profile).contains("\"args\""), "no argument rule in " + profile);
            CliRun replayed = CliRun.run(args(List.of("run", "-p", profile.toString(), "--"), workload));
            assertEquals(0, replayed.exit(), "replay under " + profile + ": " + replayed.err());
        }));
    }

    @Test
    void aSocketOfAnotherFamilyIsDeniedUnderTheArgumentRules() throws java.io.IOException {
        Path profile = dir.resolve("inet.json");
        CliRun recorded = CliRun.run("record", "--args", "-o", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)");
        assertEquals(0, recorded.exit(), recorded.err());
        // AF_INET = 2, SOCK_STREAM = 1; Python's SOCK_CLOEXEC (0x80000) is masked off with SOCK_NONBLOCK (0x800).
        List<SyscallRule> socket = ProfileReader.read(profile)
                .syscalls().stream().filter(r -> r.names().contains("socket")).toList();
        assertEquals(List.of(List.of(ArgCondition.of(0, Op.EQ, 2),
                ArgCondition.maskedEq(1, 0xfff7f7ffL, 1))),
                socket.stream().map(SyscallRule::args).toList());

        CliRun same = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM)");
        assertEquals(0, same.exit(), same.err());
        CliRun unix = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)");
        assertEquals(1, unix.exit(), unix.err());
        assertTrue(unix.err().contains("denied socket"), unix.err());
        // The denied call is the AF_UNIX one (family 1 in the first argument).
        assertTrue(unix.err().contains("denied socket (41) x86_64") && unix.err().contains("args(0x1,"), unix.err());
        CliRun udp = CliRun.run("run", "-p", profile.toString(), "--",
                "/usr/bin/python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM)");
        assertEquals(1, udp.exit(), udp.err());
        assertTrue(udp.err().contains("denied socket"), udp.err());
    }

    /**
     * unshare(2) is restricted like clone: the namespaces the recording created (user and network,
     * CLONE_NEWUSER 0x10000000 | CLONE_NEWNET 0x40000000, in the mask of every CLONE_NEW* bit with
     * CLONE_NEWTIME 0x80) replay, another set (user and mount, CLONE_NEWNS 0x20000) is denied.
     */
    @Test
    void unshareReplaysWithTheNamespacesRecordedOnly() throws java.io.IOException {
        Path profile = dir.resolve("unshare.json");
        CliRun recorded = CliRun.run("record", "--args", "-o", profile.toString(), "--", "unshare", "-U", "-n", "true");
        assertEquals(0, recorded.exit(), recorded.err());
        List<SyscallRule> unshare = ProfileReader.read(profile)
                .syscalls().stream().filter(r -> r.names().contains("unshare")).toList();
        assertEquals(List.of(List.of(ArgCondition.maskedEq(0, 0x7e020080L, 0x50000000L))),
                unshare.stream().map(SyscallRule::args).toList());

        CliRun same = CliRun.run("run", "-p", profile.toString(), "--", "unshare", "-U", "-n", "true");
        assertEquals(0, same.exit(), same.err());
        CliRun mount = CliRun.run("run", "-p", profile.toString(), "--", "unshare", "-U", "-m", "true");
        assertEquals(1, mount.exit(), mount.err());
        assertTrue(mount.err().contains("denied unshare (272) x86_64") && mount.err().contains("args(0x10020000,"),
                mount.err());
    }

    /** A program that unshares no namespace (unshare(0)) gets a rule that lint has nothing against (no SC002). */
    @Test
    void anUnshareOfNoNamespaceDrawsNoLintWarning() {
        Path profile = dir.resolve("unshare0.json");
        CliRun recorded = CliRun.run("record", "--args", "-o", profile.toString(), "--", "unshare", "true");
        assertEquals(0, recorded.exit(), recorded.err());
        CliRun lint = CliRun.run("lint", profile.toString());
        assertTrue(!lint.out().contains("SC002") && !lint.err().contains("SC002"), lint.out() + lint.err());
        CliRun names = CliRun.run("record", "-o", dir.resolve("names.json").toString(), "--", "unshare", "true");
        assertEquals(0, names.exit(), names.err());
        CliRun namesLint = CliRun.run("lint", dir.resolve("names.json").toString());
        assertTrue(namesLint.out().contains("SC002 namespace-creation: unshare"), namesLint.out());
    }

    /**
     * An i386 program's sockets (through socketcall(2) or the direct call, as its libc chooses, and
     * once explicitly through socketcall): socket is then allowed by name, and the program replays.
     */
    @Test
    void anI386ProgramsSocketsReplayUnderTheArgumentRules() throws Exception {
        Path source = dir.resolve("sock.c");
        Files.writeString(source, """
                #include <sys/socket.h>
                #include <sys/syscall.h>
                #include <unistd.h>
                int main(void) {
                    if (socket(AF_INET, SOCK_STREAM, 0) < 0) return 1;
                    long args[3] = {AF_UNIX, SOCK_DGRAM, 0};
                    if (syscall(SYS_socketcall, 1 /* SYS_SOCKET */, args) < 0) return 2;
                    return 0;
                }
                """);
        Path program = dir.resolve("sock32");
        Process gcc = new ProcessBuilder("gcc", "-m32", "-o", program.toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc -m32 failed: is gcc-multilib installed?");
        Path profile = dir.resolve("sock32.json");

        CliRun recorded = CliRun.run("record", "--args", "--no-base-syscalls", "-o", profile.toString(), "--",
                program.toString());

        assertEquals(0, recorded.exit(), recorded.err());
        Profile p = ProfileReader.read(profile);
        assertTrue(p.architectures().contains(Arch.X86), p.architectures().toString());
        assertTrue(p.syscalls().stream().filter(r -> r.names().contains("socketcall")).allMatch(r -> r.args().isEmpty()));
        assertTrue(p.syscalls().stream().filter(r -> r.names().contains("socket")).allMatch(r -> r.args().isEmpty()));
        String report = Files.readString(dir.resolve("sock32.json.report.json"));
        assertTrue(report.contains("socketcall is allowed by name only"), report);
        CliRun replayed = CliRun.run("run", "-p", profile.toString(), "--", program.toString());
        assertEquals(0, replayed.exit(), replayed.err());
    }

    private static String[] args(List<String> head, List<String> workload) {
        List<String> all = new ArrayList<>(head);
        all.addAll(workload);
        return all.toArray(String[]::new);
    }
}
