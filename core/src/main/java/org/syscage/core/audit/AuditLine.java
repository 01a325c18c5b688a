package org.syscage.core.audit;

/** What one log line turned out to be. */
public sealed interface AuditLine {

    /** A seccomp audit record. */
    record Seccomp(AuditRecord record) implements AuditLine {}

    /** Any other line (other kernel messages, other audit types): not an error. */
    record Other() implements AuditLine {}

    /** A line that says it is a seccomp record but lacks a field or has a garbled one. */
    record Malformed(String reason) implements AuditLine {}

    AuditLine OTHER = new Other();
}
