package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each answer reproduces what the filter's own action would have done to the caller. */
class SupervisorTest {
    @TempDir
    Path dir;

    record Run(ExitStatus status, List<Supervisor.Call> calls) {}

    private Run supervise(String script, Supervisor.Answer answer) throws InterruptedException {
        LaunchSpec spec = LaunchSpec.of(List.of("sh", "-c", script), TestFilters.deny("uname", TestFilters.USER_NOTIF))
                .withWorkDir(dir).withFlags(Supervisor.LISTENER_FLAGS);
        LaunchResult child = Launcher.launch(spec);
        List<Supervisor.Call> calls = new CopyOnWriteArrayList<>();
        try (NotificationListener listener = new NotificationListener(child.listenerFd().orElseThrow())) {
            Supervisor supervisor = Supervisor.start(listener, n -> answer, (call, a) -> calls.add(call));
            ExitStatus status = child.waitFor();
            supervisor.join();
            return new Run(status, calls);
        }
    }

    @Test
    void errnoFailsTheCallAndTheCallerIsReportedWithItsExecutable() throws Exception {
        Run run = supervise("exec uname -s 2>err", new Supervisor.Answer.Errno(13));
        assertEquals(1, run.status().code());
        assertTrue(Files.readString(dir.resolve("err")).contains("Permission denied"));
        assertEquals(1, run.calls().size());
        assertEquals(Path.of("/usr/bin/uname").toRealPath().toString(), run.calls().getFirst().executable());
    }

    @Test
    void killProcessEndsTheCallerWithSigsys() throws Exception {
        Run run = supervise("exec uname -s", new Supervisor.Answer.KillProcess());
        assertEquals(159, run.status().code(), run.status().toString());
    }

    @Test
    void killProcessStillKillsACallerThatIgnoresSigsys() throws Exception {
        Run run = supervise("trap '' SYS; exec uname -s >out", new Supervisor.Answer.KillProcess());
        assertEquals(137, run.status().code(), "SIGKILL stands in for the ignored SIGSYS");
        assertEquals("", Files.readString(dir.resolve("out")), "uname never got to print");
    }

    @Test
    void trapFailsTheCallWithEnosysAndRaisesSigsys() throws Exception {
        Run run = supervise("exec uname -s >out", new Supervisor.Answer.Trap());
        assertEquals(159, run.status().code(), run.status().toString());
        assertEquals("", Files.readString(dir.resolve("out")));
    }

    @Test
    void continueRunsTheCall() throws Exception {
        Run run = supervise("exec uname -s >out", new Supervisor.Answer.Continue());
        assertEquals(0, run.status().code());
        assertEquals("Linux\n", Files.readString(dir.resolve("out")));
    }
}
