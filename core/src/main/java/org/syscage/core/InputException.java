package org.syscage.core;

/**
 * Bad input from the user: a malformed file, an unknown name, an impossible option. The message
 * is one line meant for a person, e.g. {@code app.json:3:17: unknown action 'SCMP_ACT_ALOW',
 * expected one of ...}. The CLI prints it and exits 2.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
