package org.syscage.linux.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syscalls {@code strace -f} sees a command make: the reference a recording must cover.
 * Lines look like {@code 1234  openat(AT_FDCWD, ...) = 3}, {@code 1234  read(3, <unfinished ...>}
 * or {@code 1234  <... read resumed>...}; calls of another arch are announced by strace with
 * "[ Process PID 1234 runs in 32 bit mode. ]" and are kept apart by the caller (x86_64 only here).
 */
final class StraceOracle {
    private static final Pattern CALL = Pattern.compile("^\\d+\\s+([a-z_][a-z0-9_]*)\\(");
    private static final Pattern RESUMED = Pattern.compile("^\\d+\\s+<\\.\\.\\. ([a-z_][a-z0-9_]*) resumed>");

    private StraceOracle() {
    }

    static Set<String> syscalls(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("syscage-strace", ".txt");
        try {
            List<String> argv = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=all", "-o", out.toString()));
            argv.addAll(command);
            Process p = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            Set<String> names = new TreeSet<>();
            for (String line : Files.readAllLines(out)) {
                Matcher m = CALL.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                    continue;
                }
                Matcher r = RESUMED.matcher(line);
                if (r.find()) {
                    names.add(r.group(1));
                }
            }
            return names;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
