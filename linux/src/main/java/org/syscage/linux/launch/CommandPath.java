package org.syscage.linux.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the file a command name stands for, as execvp(3) does, before anything is forked: a
 * name with a slash is used as it is (relative to the command's working directory); any other
 * name is looked up in each directory of PATH in turn (an empty entry is the working
 * directory), and the first executable regular file wins. A name found only without execute
 * permission is "not executable" (126); a name found nowhere is "not found" (127).
 *
 * <p>Unlike execvp, a file that the kernel cannot execute (ENOEXEC: a script without a {@code #!}
 * line) is not retried with /bin/sh: that is what the command would get from a container
 * runtime as well.
 *
 * <p>{@code run} and {@code record} both look commands up here: a command they cannot start
 * fails alike, with 127 or 126 and the same message.
 */
public final class CommandPath {
    /** glibc's search path when PATH is unset (confstr _CS_PATH). */
    static final String DEFAULT_PATH = "/bin:/usr/bin";

    private CommandPath() {
    }

    /**
     * The path to pass to execve for {@code name}.
     *
     * @param workDir the command's working directory (where relative names resolve)
     */
    public static String resolve(String name, Map<String, String> env, Path workDir) {
        if (name.isEmpty()) {
            throw LaunchException.notFound("''", "command not found");
        }
        if (name.contains("/")) {
            checkExecutable(name, workDir.resolve(name));
            return name;
        }
        boolean sawNonExecutable = false;
        for (String dir : env.getOrDefault("PATH", DEFAULT_PATH).split(":", -1)) {
            String candidate = dir.isEmpty() ? name : dir + "/" + name;
            Path file = workDir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                if (Files.isExecutable(file)) {
                    return candidate;
                }
                sawNonExecutable = true;
            }
        }
        if (sawNonExecutable) {
            throw LaunchException.notExecutable(name, "permission denied (found in PATH, but not executable)");
        }
        throw LaunchException.notFound(name, "command not found");
    }

    private static void checkExecutable(String name, Path file) {
        if (!Files.exists(file)) {
            throw LaunchException.notFound(name, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw LaunchException.notExecutable(name, "is a directory");
        }
        if (!Files.isExecutable(file)) {
            throw LaunchException.notExecutable(name, "permission denied");
        }
    }
}
