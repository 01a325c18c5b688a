package org.syscage.core.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code tail -F} for a log file: every line already in it, then each line appended, until the
 * thread is interrupted. Only whole lines are passed on (a line being written is held until its
 * newline arrives). When the file is rotated (a new file under the name) the rest of the old one
 * is read and the new one followed from its start; when it is truncated, reading restarts at 0.
 */
public final class FileTail {
    private final Path file;
    private final Duration poll;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    public FileTail(Path file, Duration poll, Consumer<String> lines) {
        this.file = Objects.requireNonNull(file);
        this.poll = Objects.requireNonNull(poll);
        this.lines = Objects.requireNonNull(lines);
    }

    /** Follows the file until interrupted; returns normally then. */
    public void follow() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        Object key = fileKey(file);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                drain(channel);
                Object now = fileKey(file);
                if (now != null && !now.equals(key)) {
                    drain(channel); // what was written to the old file before it was moved
                    channel.close();
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                    key = now;
                    partial.reset();
                    continue;
                }
                if (channel.size() < channel.position()) {
                    channel.position(0);
                    partial.reset();
                }
                try {
                    Thread.sleep(poll);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } catch (ClosedByInterruptException interrupted) {
            // FileChannel reads are interruptible: an interrupt mid-read is the ordinary way to stop.
            Thread.currentThread().interrupt();
        } finally {
            channel.close();
        }
    }

    private void drain(FileChannel channel) throws IOException {
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n <= 0) {
                return;
            }
            byte[] bytes = buffer.array();
            for (int i = 0; i < n; i++) {
                if (bytes[i] == '\n') {
                    lines.accept(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                } else {
                    partial.write(bytes[i]);
                }
            }
        }
    }

    /** The inode (on Linux), or null while the name is missing between a rotation's two steps. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
