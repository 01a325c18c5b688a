package org.syscage.core.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What a path given for output is, decided before anything is written, as a careful Unix tool
 * decides it: a regular file (new or existing) is written by renaming a complete temporary file
 * onto it; a character device or FIFO ({@code /dev/null}, {@code /dev/stdout}, a named pipe) is
 * written into in place, never replaced; a symbolic link is followed, so that the file it points
 * to is written and the link stays a link. Anything else (a directory, a block device, a socket,
 * a missing directory) is refused with a one-line message naming the path as the user gave it.
 */
public sealed interface OutputTarget {

    /** The path as the user gave it: what every message names (never a temporary file). */
    Path shown();

    /**
     * A regular file, written by rename.
     *
     * @param file   where it is, symbolic links followed: the rename goes here
     * @param exists whether the name is taken (an existing file, or a link pointing nowhere),
     *               so that writing replaces something
     */
    record RegularFile(Path shown, Path file, boolean exists) implements OutputTarget {
    }

    /** A character device or a FIFO: written into in place, as a shell's {@code >} does. */
    record Stream(Path shown) implements OutputTarget {
    }

    /**
     * Looks at {@code out} (and through it, when it is a link) without changing anything.
     *
     * @throws FileSystemException with a message {@code OUT: reason} when OUT cannot be written
     *                             by syscage at all, whatever --force says
     */
    static OutputTarget of(Path out) throws FileSystemException {
        Path path = out.toAbsolutePath();
        FileType type = FileType.of(out, path, LinkOption.NOFOLLOW_LINKS);
        if (type == FileType.SYMLINK) {
            // stat(2) through the link: also right for /proc's links (/dev/stdout ->
            // /proc/self/fd/1 -> "pipe:[123]"), whose text is no path to follow by hand.
            type = FileType.of(out, path);
            if (type == FileType.ABSENT) {
                return new RegularFile(out, newFileBehindLink(out, path), true);
            }
            if (type == FileType.REGULAR) {
                path = realPath(out, path);
            }
        }
        return switch (type) {
            case ABSENT -> new RegularFile(out, inExistingDirectory(out, path), false);
            case REGULAR -> new RegularFile(out, path, true);
            case CHARACTER_DEVICE, FIFO -> new Stream(out);
            case DIRECTORY -> throw Failures.refusal(out, "is a directory");
            case BLOCK_DEVICE, SOCKET, SYMLINK, OTHER -> throw Failures.refusal(out, "is " + type.described
                    + "; syscage writes regular files, character devices and FIFOs only");
        };
    }

    /**
     * A link pointing nowhere names the file it would create: followed one link at a time
     * (realpath(3) refuses a missing last component), relative targets from the link's directory.
     */
    private static Path newFileBehindLink(Path shown, Path link) throws FileSystemException {
        Path path = link;
        for (int hops = 0; FileType.of(shown, path, LinkOption.NOFOLLOW_LINKS) == FileType.SYMLINK; hops++) {
            if (hops == FileType.MAX_LINKS) {
                throw Failures.refusal(shown, "too many levels of symbolic links");
            }
            try {
                path = path.getParent().resolve(Files.readSymbolicLink(path));
            } catch (IOException e) {
                throw Failures.refusal(shown, "cannot follow the link: " + Failures.reason(e));
            }
        }
        return inExistingDirectory(shown, path);
    }

    /** A new file's path, once its directory is known to exist. */
    private static Path inExistingDirectory(Path shown, Path file) throws FileSystemException {
        Path dir = file.getParent();
        return switch (FileType.of(shown, dir)) {
            case DIRECTORY -> file;
            case ABSENT -> throw Failures.refusal(shown, "no such directory");
            default -> throw Failures.refusal(shown, "not a directory");
        };
    }

    private static Path realPath(Path shown, Path path) throws FileSystemException {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw Failures.refusal(shown, "cannot follow the link: " + Failures.reason(e));
        }
    }
}
