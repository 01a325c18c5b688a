package org.syscage.core.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads the kernel's log buffer through {@code /dev/kmsg}, as {@code dmesg} does: each
 * {@code read(2)} returns one record, {@code PRIORITY,SEQUENCE,MICROSECONDS,FLAGS;MESSAGE}
 * followed by optional continuation lines (which start with a space and are dropped here).
 * The header is stripped; the message goes to the consumer.
 *
 * <p>A reader that falls behind the ring buffer gets {@code EPIPE} once and then continues with
 * the oldest record still there; the lost records are counted. Java cannot open the device
 * {@code O_NONBLOCK}, so {@link #snapshot} reads on a daemon thread and ends when no record has
 * come for a quiet period: the buffer hands everything it holds over at once, so a pause means
 * its end was reached.
 */
public final class KernelLog {
    public static final Path DEVICE = Path.of("/dev/kmsg");
    /** Larger than any record the kernel hands out (LOG_LINE_MAX is 1024 bytes minus the header). */
    private static final int RECORD_BUFFER = 16 * 1024;

    private final InputStream device;
    private volatile long lost;

    /** @param device an open {@code /dev/kmsg} (or anything that returns one record per read) */
    public KernelLog(InputStream device) {
        this.device = device;
    }

    /** Records the reader lost by falling behind the ring buffer (each EPIPE counts one gap). */
    public long gaps() {
        return lost;
    }

    /** Passes each record's message on until the device ends; blocks while the kernel logs nothing. */
    public void follow(Consumer<String> messages) throws IOException {
        byte[] buffer = new byte[RECORD_BUFFER];
        while (!Thread.currentThread().isInterrupted()) {
            int n;
            try {
                n = device.read(buffer);
            } catch (IOException e) {
                if (isBrokenPipe(e)) {
                    lost++;
                    continue;
                }
                throw e;
            }
            if (n < 0) {
                return;
            }
            messages.accept(message(new String(buffer, 0, n, StandardCharsets.UTF_8)));
        }
    }

    /** Passes on the records the buffer holds now and returns once none has come for {@code quiet}. */
    public void snapshot(Consumer<String> messages, Duration quiet) throws IOException {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Object end = new Object();
        Thread reader = Thread.ofPlatform().daemon().name("kmsg-reader").start(() -> {
            try {
                follow(queue::add);
            } catch (IOException e) {
                queue.add(e);
            } finally {
                queue.add(end);
            }
        });
        try {
            while (true) {
                Object next = queue.poll(quiet.toNanos(), TimeUnit.NANOSECONDS);
                if (next == null || next == end) {
                    return;
                }
                if (next instanceof IOException e) {
                    throw e;
                }
                messages.accept((String) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // A read blocked on the device cannot be woken; the thread is a daemon and dies with the JVM.
            reader.interrupt();
        }
    }

    /** The message of one record: after the header's ';', up to the first newline. */
    static String message(String record) {
        int semicolon = record.indexOf(';');
        int comma = record.indexOf(',');
        String body = semicolon >= 0 && comma >= 0 && comma < semicolon ? record.substring(semicolon + 1) : record;
        int newline = body.indexOf('\n');
        return newline >= 0 ? body.substring(0, newline) : body;
    }

    private static boolean isBrokenPipe(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }
}
