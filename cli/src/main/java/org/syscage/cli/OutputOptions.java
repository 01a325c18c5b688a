package org.syscage.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import org.syscage.core.InputException;
import org.syscage.core.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code -o OUT} and {@code --force}, shared by every command that writes a result: stdout when
 * OUT is absent or {@code -}; otherwise an atomic write that never replaces a file without --force.
 */
final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT (atomically) instead of stdout; - is stdout.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    boolean toStdout() {
        return output == null || output.equals("-");
    }

    /** Writes text to stdout or OUT. */
    void write(String text) throws IOException {
        if (toStdout()) {
            PrintWriter out = mixee.commandLine().getOut();
            out.print(text);
            out.flush();
            return;
        }
        writeFile(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes bytes (a raw filter, say) to stdout or OUT. */
    void write(byte[] bytes) throws IOException {
        if (toStdout()) {
            mixee.commandLine().getOut().flush();
            OutputStream raw = System.out;
            raw.write(bytes);
            raw.flush();
            return;
        }
        writeFile(bytes);
    }

    private void writeFile(byte[] bytes) throws IOException {
        try {
            AtomicFiles.writeAtomically(Path.of(output), bytes, force);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(output + ": already exists, expected a new file (add --force to replace it)");
        }
    }
}
