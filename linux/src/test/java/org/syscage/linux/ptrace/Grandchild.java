package org.syscage.linux.ptrace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A program started as a grandchild of this JVM: a shell runs it in the background, prints its
 * pid and waits for it. The JDK's reaper then waits for the shell, and the program is free to be
 * traced by a test. Closing kills the program; the shell then ends.
 */
record Grandchild(Process shell, int pid) implements AutoCloseable {

    static Grandchild start(List<String> command) throws IOException {
        String quoted = command.stream().map(word -> "'" + word.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        Process shell = new ProcessBuilder("sh", "-c", quoted + " & echo $!; wait")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        return new Grandchild(shell, Integer.parseInt(line.strip()));
    }

    @Override
    public void close() throws InterruptedException {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        shell.waitFor();
    }
}
