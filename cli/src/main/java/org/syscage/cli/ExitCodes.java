package org.syscage.cli;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.syscage.core.InputException;

/** Maps exceptions to the documented exit codes and one-line messages. */
final class ExitCodes {
    static final int OK = 0;
    static final int FINDING = 1;
    static final int USAGE = 2;

    private ExitCodes() {}

    static int forException(Throwable t) {
        return switch (t) {
            case FindingException f -> FINDING;
            default -> USAGE;
        };
    }

    static String message(Throwable t) {
        return switch (t) {
            case InputException e -> e.getMessage();
            case NoSuchFileException e -> e.getFile() + ": no such file";
            case UncheckedIOException e -> message(e.getCause());
            case java.nio.file.AccessDeniedException e -> e.getFile() + ": permission denied";
            case java.io.IOException e -> e.getMessage() == null ? e.toString() : e.getMessage();
            default -> t.getMessage() == null ? t.toString() : t.getMessage();
        };
    }
}
