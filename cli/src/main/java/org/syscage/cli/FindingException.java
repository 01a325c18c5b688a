package org.syscage.cli;

/** The checked thing failed (exit code 1), as opposed to bad input (exit code 2). */
public final class FindingException extends RuntimeException {
    public FindingException(String message) {
        super(message);
    }
}
