package org.syscage.core.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** The one-line messages of this package: always the user's path, never a temporary file's. */
final class Failures {
    private static final String ELOOP = "Too many levels of symbolic links";

    private Failures() {
    }

    /** The message every refusal carries: {@code OUT: reason}. */
    static FileSystemException refusal(Path shown, String reason) {
        return new FileSystemException(shown.toString(), null, reason);
    }

    /** The system's reason for a failure, as the rest of a message: "no space left on device". */
    static String reason(IOException e) {
        String reason = switch (e) {
            case NoSuchFileException n -> "no such file or directory";
            case AccessDeniedException a -> "permission denied";
            // The JDK adds its guess at the cause to ELOOP's text: the kernel's own words suffice.
            case FileSystemException f when f.getReason() != null && f.getReason().startsWith(ELOOP) -> ELOOP;
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }
}
