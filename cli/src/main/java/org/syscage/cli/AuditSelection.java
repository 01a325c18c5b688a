package org.syscage.cli;

import org.syscage.core.audit.AuditFilter;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --comm}, {@code --pid}, {@code --exe}: which process's audit records count. Shared by audit and record. */
final class AuditSelection {

    @Option(names = "--comm", paramLabel = "NAME",
            description = "Only records of this command name (as the kernel keeps it: 15 bytes; a longer NAME "
                    + "matches its first 15).")
    String comm;

    @Option(names = "--pid", paramLabel = "PID", converter = PidConverter.class,
            description = "Only records of this process id.")
    Integer pid;

    @Option(names = "--exe", paramLabel = "PATH", description = "Only records of this executable (full path).")
    String exe;

    /** A process id: a positive int (0 and negative numbers name process groups to kill(2), never a process). */
    static final class PidConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int pid = Integer.parseInt(value);
                if (pid > 0) {
                    return pid;
                }
            } catch (NumberFormatException e) {
                // the message below says what was expected
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a process id, expected a "
                    + "positive whole number");
        }
    }

    AuditFilter filter() {
        return new AuditFilter(comm, pid, exe);
    }
}
