package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;
import org.syscage.linux.seccomp.SeccompLoader;

/**
 * A supervisor receives the calls a filter sends to user space and answers them: the basis of
 * violation reports for ERRNO profiles, which the kernel does not log.
 */
class NotificationListenerTest {
    @TempDir
    Path dir;

    /** Runs {@code script} with uname sent to the listener; {@code answer} decides each call. */
    private Supervised supervise(String script, BiConsumer<NotificationListener, Notification> answer) {
        LaunchSpec spec = LaunchSpec.of(List.of("sh", "-c", script), TestFilters.deny("uname", TestFilters.USER_NOTIF))
                .withWorkDir(dir).withFlags(Set.of(SeccompLoader.Flag.NEW_LISTENER));
        LaunchResult child = Launcher.launch(spec);
        List<Notification> seen = new CopyOnWriteArrayList<>();
        NotificationListener listener = new NotificationListener(child.listenerFd().orElseThrow());
        CompletableFuture<Void> supervisor = CompletableFuture.runAsync(() -> {
            for (Optional<Notification> n = listener.receive(); n.isPresent(); n = listener.receive()) {
                seen.add(n.get());
                answer.accept(listener, n.get());
            }
        }, runnable -> Thread.ofPlatform().start(runnable));
        ExitStatus status = child.waitFor();
        supervisor.join(); // ends once no process uses the filter
        listener.close();
        return new Supervised(child.pid(), status, seen);
    }

    record Supervised(int pid, ExitStatus status, List<Notification> seen) {}

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file)).strip();
    }

    @Test
    void aDeniedCallIsSeenWithItsNumberArchAndCallerAndFailsWithTheAnsweredErrno() throws IOException {
        Supervised run = supervise("exec uname -s >out 2>err", (listener, n) -> assertTrue(listener.answerErrno(n, 1)));
        assertEquals(1, run.status().code());
        assertTrue(read("err").contains("Operation not permitted"), read("err"));
        assertEquals(1, run.seen().size());
        Notification n = run.seen().getFirst();
        assertEquals(TestFilters.nr("uname"), n.nr());
        assertEquals(Arch.host().auditArch(), n.arch());
        assertEquals(run.pid(), n.pid(), "exec keeps the pid: the command itself made the call");
    }

    @Test
    void continueLetsTheKernelCarryOutTheCall() throws IOException {
        Supervised run = supervise("exec uname -s >out", (listener, n) -> assertTrue(listener.answerContinue(n)));
        assertEquals(0, run.status().code());
        assertEquals("Linux", read("out"));
        assertEquals(1, run.seen().size());
    }

    @Test
    void childProcessesOfTheCommandAreCoveredToo() throws IOException {
        Supervised run = supervise("uname -s >a; uname -s >b", (listener, n) -> listener.answerContinue(n));
        assertEquals(0, run.status().code());
        assertEquals(2, run.seen().size());
        assertTrue(run.seen().stream().noneMatch(n -> n.pid() == run.pid()), "each uname is a child of sh");
        assertEquals("Linux", read("a"));
        assertEquals("Linux", read("b"));
    }
}
