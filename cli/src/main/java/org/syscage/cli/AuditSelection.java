package org.syscage.cli;

import org.syscage.core.audit.AuditFilter;
import picocli.CommandLine.Option;

/** {@code --comm}, {@code --pid}, {@code --exe}: which process's audit records count. Shared by audit and record. */
final class AuditSelection {

    @Option(names = "--comm", paramLabel = "NAME",
            description = "Only records of this command name (as the kernel keeps it: 15 bytes; a longer NAME "
                    + "matches its first 15).")
    String comm;

    @Option(names = "--pid", paramLabel = "PID", description = "Only records of this process id.")
    Integer pid;

    @Option(names = "--exe", paramLabel = "PATH", description = "Only records of this executable (full path).")
    String exe;

    AuditFilter filter() {
        return new AuditFilter(comm, pid, exe);
    }
}
