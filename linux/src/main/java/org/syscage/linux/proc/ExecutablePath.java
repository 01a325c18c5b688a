package org.syscage.linux.proc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The program a process or thread runs, from {@code /proc/PID/exe}, for reports. */
public final class ExecutablePath {
    private ExecutablePath() {
    }

    /** The executable's path, or {@code "?"} when it cannot be read (the process is gone, or not ours). */
    public static String of(int pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Integer.toString(pid), "exe")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "?";
        }
    }
}
