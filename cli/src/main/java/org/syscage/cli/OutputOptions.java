package org.syscage.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
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
            description = "Write to OUT, atomically; - is stdout. Without -o: stdout, unless the command says otherwise above.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it exists.")
    boolean force;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** stderr: where warnings, statistics and "wrote OUT" go, beside the result. */
    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

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

    /**
     * Writes result number {@code serial} (from 0) of several: to stdout one after the other, or
     * to OUT, OUT_1, OUT_2... with the number before the extension ({@code out.bpf},
     * {@code out_1.bpf}), as seccomp-tools names them.
     *
     * @return where it went: {@code -} or the file name
     */
    String writeNumbered(int serial, byte[] bytes) throws IOException {
        if (toStdout()) {
            write(bytes);
            return "-";
        }
        String file = numbered(output, serial);
        writeFile(file, bytes);
        return file;
    }

    /** {@link #writeNumbered(int, byte[])} for text. */
    String writeNumbered(int serial, String text) throws IOException {
        if (toStdout()) {
            write(text);
            return "-";
        }
        return writeNumbered(serial, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** OUT for 0, else OUT with {@code _serial} before its extension: {@code dir/a.png} 3 is {@code dir/a_3.png}. */
    static String numbered(String file, int serial) {
        if (serial == 0) {
            return file;
        }
        int slash = file.lastIndexOf('/');
        int dot = file.lastIndexOf('.');
        // Like Ruby's File.extname: a leading dot (.profile) or a trailing one is no extension.
        boolean hasExtension = dot > slash + 1 && dot < file.length() - 1;
        return hasExtension ? file.substring(0, dot) + "_" + serial + file.substring(dot) : file + "_" + serial;
    }

    private void writeFile(byte[] bytes) throws IOException {
        writeFile(output, bytes);
    }

    /**
     * Refuses now a file this command would write later (OUT, or one beside it) that exists
     * without --force: for commands that run long before they write.
     */
    void checkNew(String file) {
        if (!force && Files.exists(Path.of(file))) {
            throw exists(file);
        }
    }

    private void writeFile(String file, byte[] bytes) throws IOException {
        try {
            AtomicFiles.writeAtomically(Path.of(file), bytes, force);
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        }
    }

    private static InputException exists(String file) {
        return new InputException(file + ": already exists, expected a new file (add --force to replace it)");
    }
}
