package org.syscage.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/**
 * Writes files so that readers never see half a file: the content goes to a temporary file in
 * the same directory, is flushed to disk, and is then renamed over the target in one step.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code content} (UTF-8) to {@code out} atomically.
     *
     * @param overwrite whether an existing {@code out} may be replaced; a replaced file keeps its
     *                  permissions
     * @throws FileAlreadyExistsException when {@code out} exists and {@code overwrite} is false
     *                                    (nothing is written then)
     */
    public static void writeAtomically(Path out, String content, boolean overwrite) throws IOException {
        writeAtomically(out, content.getBytes(StandardCharsets.UTF_8), overwrite);
    }

    /** Like {@link #writeAtomically(Path, String, boolean)}, for bytes such as a raw filter. */
    public static void writeAtomically(Path out, byte[] content, boolean overwrite) throws IOException {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (!overwrite && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(out.toString());
        }
        // Not Files.createTempFile: that makes the file 0600, and the result should get the usual umask.
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream os = java.nio.channels.Channels.newOutputStream(ch)) {
                os.write(content);
                os.flush();
                ch.force(true);
            }
            if (overwrite) {
                copyPermissions(target, tmp);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                moveWithoutReplacing(tmp, target, out);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * rename(2) silently replaces an existing file, so a file that appeared since the check above
     * would be lost; link(2) fails instead, which makes "create only if absent" atomic.
     */
    private static void moveWithoutReplacing(Path tmp, Path target, Path shownAs) throws IOException {
        try {
            Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(shownAs.toString());
        } catch (UnsupportedOperationException | FileSystemException e) {
            // No hard links on this file system: fall back to the check-then-rename done above.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dest = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (source != null && dest != null && Files.exists(from)) {
            dest.setPermissions(source.readAttributes().permissions());
        }
    }
}
