package org.syscage.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;
import org.syscage.core.InputException;
import org.syscage.core.io.AtomicFiles;
import org.syscage.core.io.OutputTarget;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code -o OUT} and {@code --force}, shared by every command that writes a result: stdout when
 * OUT is absent or {@code -}; otherwise an atomic write that never replaces a file without --force.
 * A character device or FIFO (/dev/null, a named pipe) is written into, a symbolic link is
 * followed to the file it names, and a directory or other special file is refused
 * ({@link OutputTarget}).
 */
final class OutputOptions {

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT, atomically; - is stdout. Without -o: stdout, unless the command says otherwise above. "
                    + "A device or FIFO is written into; a symbolic link is followed.")
    String output;

    @Option(names = "--force", description = "Replace OUT if it is an existing file.")
    boolean force;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /**
     * OUT when it is a device or FIFO that takes several numbered results: opened once and kept
     * open until {@link #close}, so that a FIFO's reader sees one stream rather than an end of
     * file after the first result (and a second open waiting for a reader that has left).
     */
    private OutputStream stream;

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
        writeFile(text.getBytes(StandardCharsets.UTF_8));
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
     * {@code out_1.bpf}), as seccomp-tools names them. A device or FIFO OUT takes them all,
     * one after the other, as stdout does.
     *
     * @return where it went: {@code -} or the file name
     */
    String writeNumbered(int serial, byte[] bytes) throws IOException {
        if (toStdout()) {
            write(bytes);
            return "-";
        }
        if (stream != null || intoStream()) {
            writeIntoStream(bytes);
            return output;
        }
        String file = numbered(output, serial);
        writeFile(file, bytes, force);
        return file;
    }

    /** {@link #writeNumbered(int, byte[])} for text. */
    String writeNumbered(int serial, String text) throws IOException {
        if (toStdout()) {
            write(text);
            return "-";
        }
        return writeNumbered(serial, text.getBytes(StandardCharsets.UTF_8));
    }

    /** OUT for 0, else OUT with {@code _serial} before its extension: {@code dir/a.png} 3 is {@code dir/a_3.png}. */
    static String numbered(String file, int serial) {
        return Numbering.of(file).name(serial);
    }

    /** How OUT's numbered siblings are named: {@code stem_N.extension}, or {@code stem_N} without an extension. */
    private record Numbering(String stem, String extension) {
        static Numbering of(String file) {
            int slash = file.lastIndexOf('/');
            int dot = file.lastIndexOf('.');
            // Like Ruby's File.extname: a leading dot (.profile) or a trailing one is no extension.
            boolean hasExtension = dot > slash + 1 && dot < file.length() - 1;
            return hasExtension ? new Numbering(file.substring(0, dot), file.substring(dot)) : new Numbering(file, "");
        }

        String name(int serial) {
            return serial == 0 ? stem + extension : stem + "_" + serial + extension;
        }

        /** The file names of serials 1 and up, for a stem without directories. */
        Pattern laterNames() {
            return Pattern.compile(Pattern.quote(stem) + "_[1-9][0-9]*" + Pattern.quote(extension));
        }
    }

    /**
     * Refuses now a file this command would write later (OUT, or one beside it) that exists
     * without --force, or that cannot be written at all: for commands that run long, or run
     * another program, before they write.
     */
    void checkNew(String file) {
        check(Path.of(file), force);
    }

    /**
     * {@link #checkNew} for every file {@link #writeNumbered} would write with serials below
     * {@code count}; a negative count stands for "as many as come", so any numbered sibling of
     * OUT already there is refused.
     */
    void checkNumbered(int count) {
        if (toStdout()) {
            return;
        }
        checkNew(output);
        if (intoStream()) {
            return;
        }
        if (count >= 0) {
            for (int serial = 1; serial < count; serial++) {
                checkNew(numbered(output, serial));
            }
            return;
        }
        Path out = Path.of(output);
        Path dir = out.toAbsolutePath().getParent();
        Pattern later = Numbering.of(out.getFileName().toString()).laterNames();
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(dir,
                p -> later.matcher(p.getFileName().toString()).matches())) {
            for (Path sibling : siblings) {
                checkNew(out.resolveSibling(sibling.getFileName()).toString());
            }
        } catch (IOException e) {
            throw new InputException(output + ": cannot list its directory: " + ExitCodes.message(e), e);
        }
    }

    private void writeIntoStream(byte[] bytes) {
        try {
            if (stream == null) {
                stream = Files.newOutputStream(Path.of(output), StandardOpenOption.WRITE);
            }
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            throw new InputException(output + ": cannot write: " + ExitCodes.message(e), e);
        }
    }

    /** Ends what {@link #writeNumbered} wrote into a device or FIFO. */
    void close() throws IOException {
        if (stream != null) {
            OutputStream open = stream;
            stream = null;
            open.close();
        }
    }

    /** Whether OUT is stdout, a device or a FIFO: a stream, with no place beside it for other files. */
    boolean toStream() {
        return toStdout() || intoStream();
    }

    /** Whether OUT is a device or FIFO, which takes every result rather than one file each. */
    private boolean intoStream() {
        try {
            return OutputTarget.of(Path.of(output)) instanceof OutputTarget.Stream;
        } catch (FileSystemException e) {
            return false; // the write itself says why OUT cannot be written
        }
    }

    private void writeFile(byte[] bytes) throws IOException {
        writeFile(output, bytes, force);
    }

    /**
     * Refuses {@code file} now as writing it with {@code force} would: for commands that write
     * outputs of their own besides OUT.
     */
    static void check(Path file, boolean force) {
        try {
            AtomicFiles.check(file, force);
        } catch (FileAlreadyExistsException e) {
            throw exists(file.toString());
        } catch (IOException e) {
            throw new InputException(ExitCodes.message(e), e);
        }
    }

    /** Writes {@code file} atomically (a device or FIFO in place), refusing to replace a file without --force. */
    static void writeFile(String file, byte[] bytes, boolean force) throws IOException {
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
