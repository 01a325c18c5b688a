package org.syscage.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessMode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.UUID;

/**
 * Writes results so that nothing is destroyed and readers never see half a file. A regular file
 * gets its content through a temporary file in the same directory, flushed to disk and then
 * renamed over it in one step; a character device or FIFO is written into in place; a symbolic
 * link is followed (see {@link OutputTarget}). Every failure names the path as given, never the
 * temporary file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Refuses now what {@link #writeAtomically(Path, byte[], boolean)} would refuse, writing
     * nothing: for commands that run long (or run another program) before they write.
     *
     * @return what {@code out} is
     * @throws FileAlreadyExistsException when {@code out} names an existing file (or a link to
     *                                    nowhere) and {@code overwrite} is false
     * @throws FileSystemException        with the message {@code OUT: reason} when {@code out}
     *                                    cannot be written at all
     */
    public static OutputTarget check(Path out, boolean overwrite) throws IOException {
        OutputTarget target = OutputTarget.of(out);
        switch (target) {
            case OutputTarget.RegularFile file -> {
                if (file.exists() && !overwrite) {
                    throw new FileAlreadyExistsException(out.toString());
                }
                // The temporary file is made beside the result: that directory must take new files.
                Path dir = file.file().getParent();
                checkAccess(out, dir, "cannot create files in " + dir);
            }
            case OutputTarget.Stream stream -> checkAccess(out, stream.shown(), "cannot write");
        }
        return target;
    }

    /**
     * Writes {@code content} (UTF-8) to {@code out} atomically.
     *
     * @param overwrite whether an existing regular file {@code out} may be replaced; a replaced
     *                  file keeps its permissions (and, where allowed, its owner). Character
     *                  devices and FIFOs are written into whatever it says.
     * @throws FileAlreadyExistsException when {@code out} exists and {@code overwrite} is false
     *                                    (nothing is written then)
     */
    public static void writeAtomically(Path out, String content, boolean overwrite) throws IOException {
        writeAtomically(out, content.getBytes(StandardCharsets.UTF_8), overwrite);
    }

    /** Like {@link #writeAtomically(Path, String, boolean)}, for bytes such as a raw filter. */
    public static void writeAtomically(Path out, byte[] content, boolean overwrite) throws IOException {
        switch (check(out, overwrite)) {
            case OutputTarget.RegularFile file -> replace(file, content, overwrite);
            case OutputTarget.Stream stream -> writeInPlace(stream, content);
        }
    }

    private static void replace(OutputTarget.RegularFile file, byte[] content, boolean overwrite)
            throws IOException {
        Path target = file.file();
        // Not Files.createTempFile: that makes the file 0600, and the result should get the usual umask.
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        boolean placed;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream os = Channels.newOutputStream(ch)) {
                os.write(content);
                os.flush();
                ch.force(true);
            }
            if (overwrite) {
                keepOwnerAndPermissions(target, tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                placed = true;
            } else {
                placed = moveWithoutReplacing(tmp, target);
            }
        } catch (IOException e) {
            throw Failures.refusal(file.shown(), "cannot write: " + Failures.reason(e));
        } finally {
            deleteQuietly(tmp);
        }
        if (!placed) {
            throw new FileAlreadyExistsException(file.shown().toString());
        }
    }

    /**
     * A device or FIFO is opened as a shell's {@code >} opens it, without creating or replacing
     * anything; a FIFO's open waits for a reader, as it does for any writer.
     */
    private static void writeInPlace(OutputTarget.Stream stream, byte[] content) throws IOException {
        try (OutputStream os = Files.newOutputStream(stream.shown(), StandardOpenOption.WRITE)) {
            os.write(content);
        } catch (IOException e) {
            throw Failures.refusal(stream.shown(), "cannot write: " + Failures.reason(e));
        }
    }

    /**
     * rename(2) silently replaces an existing file, so a file that appeared since the check
     * would be lost; link(2) fails instead, which makes "create only if absent" atomic.
     *
     * @return false when the name was taken meanwhile
     */
    private static boolean moveWithoutReplacing(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links on this file system: fall back to the check-then-rename done before.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /**
     * The replacement keeps the replaced file's mode, and its owner and group when this process
     * may give them (root may; anyone else then owns the new file, as after sed -i).
     */
    private static void keepOwnerAndPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dest = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source == null || dest == null || !Files.exists(from)) {
            return;
        }
        PosixFileAttributes was = source.readAttributes();
        PosixFileAttributes now = dest.readAttributes();
        try {
            if (!was.group().equals(now.group())) {
                dest.setGroup(was.group());
            }
            if (!was.owner().equals(now.owner())) {
                dest.setOwner(was.owner());
            }
        } catch (IOException e) {
            // Not allowed to: the file stays ours, with the mode below.
        }
        // Last: chown(2) may clear mode bits.
        dest.setPermissions(was.permissions());
    }

    private static void checkAccess(Path shown, Path path, String what) throws FileSystemException {
        try {
            path.getFileSystem().provider().checkAccess(path, AccessMode.WRITE);
        } catch (IOException e) {
            throw Failures.refusal(shown, what + ": " + Failures.reason(e));
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // Only left behind when the directory changed under us; the result is what matters.
        }
    }
}
