package org.syscage.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTailTest {
    @TempDir
    Path dir;

    final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

    String next() throws InterruptedException {
        String line = seen.poll(5, TimeUnit.SECONDS);
        assertTrue(line != null, "no line within 5 s");
        return line;
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    }

    @Test
    void readsWhatIsThereThenFollowsAppendsRotationAndTruncation() throws Exception {
        Path log = dir.resolve("audit.log");
        Files.writeString(log, "one\ntwo\n");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread tail = Thread.ofPlatform().start(() -> {
            try {
                new FileTail(log, Duration.ofMillis(20), seen::add).follow();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            assertEquals(List.of("one", "two"), List.of(next(), next()));

            append(log, "thr");           // half a line is held back...
            Thread.sleep(100);
            assertEquals(null, seen.peek());
            append(log, "ee\n");          // ...until its newline comes
            assertEquals("three", next());

            Files.move(log, dir.resolve("audit.log.1"));   // auditd rotates
            append(dir.resolve("audit.log.1"), "late\n");  // written to the old file before the switch
            Files.writeString(log, "fresh\n");
            assertEquals("late", next());
            assertEquals("fresh", next());

            Files.writeString(log, "");   // truncated in place
            Thread.sleep(100);
            append(log, "again\n");
            assertEquals("again", next());
        } finally {
            tail.interrupt();
            tail.join(5000);
        }
        assertEquals(false, tail.isAlive());
        assertEquals(null, failure.get());
    }
}
