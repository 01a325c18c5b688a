package org.syscage.linux.ptrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.syscage.linux.proc.ProcStatus;

/**
 * A python program that builds two filters with Debian's libseccomp (python3-seccomp), exports
 * their BPF to {@code first.bpf} and {@code second.bpf}, loads them in that order, and then
 * either exits or sleeps. The exported files are what libseccomp generates for the filters it
 * loads: the reference for what a dump must return.
 */
final class LibseccompScript {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SOURCE = """
            import errno, os, sys, time
            import seccomp
            mode, out = sys.argv[1], sys.argv[2]
            first = seccomp.SyscallFilter(seccomp.ALLOW)
            first.add_rule(seccomp.ERRNO(errno.EPERM), "uname")
            second = seccomp.SyscallFilter(seccomp.ALLOW)
            second.add_rule(seccomp.ERRNO(errno.EACCES), "getppid")
            second.add_rule(seccomp.ERRNO(errno.EACCES), "openat", seccomp.Arg(2, seccomp.MASKED_EQ, 0o100, 0o100))
            for name, f in (("first", first), ("second", second)):
                with open(os.path.join(out, name + ".bpf"), "wb") as file:
                    f.export_bpf(file)
            first.load()
            second.load()
            if mode == "sleep":
                time.sleep(600)
            """;

    final Path dir;
    final Path script;

    LibseccompScript(Path dir) throws IOException {
        this.dir = dir;
        this.script = Files.writeString(dir.resolve("two-filters.py"), SOURCE);
    }

    /** The command that loads both filters and exits. */
    List<String> exiting() {
        return List.of(PYTHON.toString(), script.toString(), "exit", dir.toString());
    }

    byte[] first() throws IOException {
        return Files.readAllBytes(dir.resolve("first.bpf"));
    }

    byte[] second() throws IOException {
        return Files.readAllBytes(dir.resolve("second.bpf"));
    }

    /**
     * Starts the sleeping variant as a grandchild of this JVM and returns once both filters are
     * in place.
     */
    Grandchild startSleeping() throws IOException, InterruptedException {
        Grandchild sleeper = Grandchild.start(List.of(PYTHON.toString(), script.toString(), "sleep", dir.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ProcStatus.read(sleeper.pid()).seccompFilters().equals(OptionalInt.of(2))) {
            if (System.nanoTime() > deadline || !sleeper.shell().isAlive()) {
                sleeper.close();
                throw new IllegalStateException("the python program did not load its two filters");
            }
            Thread.sleep(10);
        }
        return sleeper;
    }
}
