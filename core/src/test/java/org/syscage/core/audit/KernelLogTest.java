package org.syscage.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class KernelLogTest {

    /** Behaves like /dev/kmsg: one record per read, EPIPE where asked, then blocks like an idle kernel. */
    static final class FakeKmsg extends InputStream {
        final Deque<Object> records = new ArrayDeque<>();
        final CountDownLatch never = new CountDownLatch(1);

        FakeKmsg add(String record) {
            records.add(record);
            return this;
        }

        FakeKmsg overrun() {
            records.add(new IOException("Broken pipe"));
            return this;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Object next = records.poll();
            if (next == null) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return -1;
            }
            if (next instanceof IOException e) {
                throw e;
            }
            byte[] bytes = ((String) next).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(bytes, 0, b, off, bytes.length);
            return bytes.length;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("kmsg is read a record at a time");
        }
    }

    @Test
    void snapshotReturnsTheBufferedRecordsAndStopsWhenTheKernelIsQuiet() throws IOException {
        FakeKmsg kmsg = new FakeKmsg()
                .add("6,1,1000,-;Linux version 6.18\n")
                .overrun()
                .add("5,4711,369128669452,-;audit: type=1326 audit(1.000:1): pid=1\n SUBSYSTEM=audit\n DEVICE=x\n")
                .add("4,4712,369128669500,c;no newline at all");
        KernelLog log = new KernelLog(kmsg);
        List<String> messages = new ArrayList<>();
        long start = System.nanoTime();
        log.snapshot(messages::add, Duration.ofMillis(200));
        assertEquals(List.of("Linux version 6.18", "audit: type=1326 audit(1.000:1): pid=1", "no newline at all"), messages);
        assertEquals(1, log.gaps());
        assertEquals(true, System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void otherReadErrorsEndTheSnapshot() {
        InputStream broken = new InputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("Operation not permitted");
            }

            @Override
            public int read() {
                return -1;
            }
        };
        IOException e = assertThrows(IOException.class,
                () -> new KernelLog(broken).snapshot(m -> { }, Duration.ofSeconds(5)));
        assertEquals("Operation not permitted", e.getMessage());
    }

    @Test
    void messageStripsTheHeaderOnly() {
        assertEquals("a;b", KernelLog.message("6,2,3,-;a;b"));
        assertEquals("[ 1.0] plain line", KernelLog.message("[ 1.0] plain line"));
    }
}
