package org.syscage.core.io;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The kinds of file stat(2) tells apart, from st_mode's S_IFMT bits. */
enum FileType {
    ABSENT("nothing"), REGULAR("a regular file"), DIRECTORY("a directory"), SYMLINK("a symbolic link"),
    CHARACTER_DEVICE("a character device"), BLOCK_DEVICE("a block device"), FIFO("a FIFO"),
    SOCKET("a socket"), OTHER("a special file");

    /** As many links as the kernel follows (its MAXSYMLINKS) before it says ELOOP. */
    static final int MAX_LINKS = 40;

    final String described;

    FileType(String described) {
        this.described = described;
    }

    static FileType of(Path shown, Path path, LinkOption... options) throws FileSystemException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode", options);
        } catch (NoSuchFileException e) {
            return ABSENT;
        } catch (IOException e) {
            // ENOTDIR (a file used as a directory on the way), ELOOP, EACCES...
            throw Failures.refusal(shown, Failures.reason(e));
        }
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHARACTER_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            default -> OTHER;
        };
    }
}
