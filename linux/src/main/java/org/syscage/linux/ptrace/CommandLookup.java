package org.syscage.linux.ptrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.syscage.core.InputException;

/**
 * Checks, before anything starts, that a command name leads to an executable file the way the
 * shell's {@code exec} will look it up: a name with a slash as it is, any other name in each
 * directory of PATH. A command that cannot start is then a one-line error, not a shell message
 * and exit status 127 from inside the trace.
 */
final class CommandLookup {
    /** The shell's search path when PATH is unset. */
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private CommandLookup() {
    }

    static void check(String name, Map<String, String> env) {
        if (name.isEmpty()) {
            throw new InputException("'': command not found");
        }
        if (name.contains("/")) {
            Path file = Path.of(name);
            if (!Files.exists(file)) {
                throw new InputException(name + ": no such file");
            }
            if (Files.isDirectory(file)) {
                throw new InputException(name + ": is a directory, expected a program");
            }
            if (!Files.isExecutable(file)) {
                throw new InputException(name + ": permission denied (not executable)");
            }
            return;
        }
        for (String dir : env.getOrDefault("PATH", DEFAULT_PATH).split(":", -1)) {
            Path file = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                return;
            }
        }
        throw new InputException(name + ": command not found");
    }
}
