package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GracefulStopTest {
    /** Records what was asked of it. */
    static final class Group implements GracefulStop.Processes {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void signalAll(int signal) {
            calls.add("signal " + signal);
        }

        @Override
        public void killAll() {
            calls.add("kill");
        }
    }

    @Test
    void aSignalGoesToEveryProcessAndWhatRemainsIsKilledAfterTheGracePeriod() throws InterruptedException {
        Group group = new Group();
        GracefulStop stop = new GracefulStop(group, Duration.ofMillis(200));
        stop.received(15, false);
        assertEquals(List.of("signal 15"), group.calls);
        assertTrue(stop.interrupted());
        Thread.sleep(100);
        assertEquals(List.of("signal 15"), group.calls, "no kill within the grace period");
        Thread.sleep(400);
        assertTrue(group.calls.contains("kill"), group.calls.toString());
        stop.finished();
        int after = group.calls.size();
        Thread.sleep(200);
        assertEquals(after, group.calls.size(), "nothing once finished");
    }

    @Test
    void aKeyboardSignalIsNotSentAgainButStillStartsTheGracePeriod() throws InterruptedException {
        Group group = new Group();
        GracefulStop stop = new GracefulStop(group, Duration.ofMillis(50));
        stop.received(2, true);
        for (int i = 0; i < 100 && group.calls.isEmpty(); i++) {
            Thread.sleep(20);
        }
        stop.finished();
        assertEquals("kill", group.calls.getFirst());
        assertFalse(group.calls.contains("signal 2"));
    }

    @Test
    void nothingIsSignalledOnceTheProcessesHaveEnded() throws InterruptedException {
        Group group = new Group();
        GracefulStop stop = new GracefulStop(group, Duration.ZERO);
        stop.finished();
        stop.received(15, false);
        Thread.sleep(100);
        assertEquals(List.of(), group.calls);
        assertFalse(stop.interrupted());
    }

    @Test
    void exitStatusesAreDescribedAsAShellWould() {
        assertEquals("exited with 3", new ExitStatus.Exited(3).describe());
        assertEquals("was killed by SIGSEGV (core dumped)", new ExitStatus.Killed(11, true).describe());
        assertEquals("was killed by SIGTERM", new ExitStatus.Killed(15, false).describe());
        assertEquals(143, new ExitStatus.Killed(15, false).code());
        assertEquals("SIGSYS", SignalNames.of(31));
        assertEquals("SIGHUP", SignalNames.of(1));
        assertEquals("signal 34", SignalNames.of(34));
    }
}
