package org.syscage.linux.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The two fields of {@code /proc/PID/stat} the launcher needs: the command name (comm) and the
 * state letter. comm sits in parentheses and may itself contain spaces and parentheses, so it
 * runs to the last closing parenthesis.
 */
record ProcStat(String comm, char state) {

    /** Whether the process has ended (zombie or dead) but may not be reaped yet. */
    boolean ended() {
        return state == 'Z' || state == 'X';
    }

    static Optional<ProcStat> read(int pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Integer.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static ProcStat parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= stat.length()) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + stat);
        }
        return new ProcStat(stat.substring(open + 1, close), stat.charAt(close + 2));
    }
}
