package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -o OUT [--force]} as every command has it, shown with {@code resolve builtin}: real
 * devices, FIFOs, links and directories in a temporary directory (mknod needs root, as CI has).
 */
class OutputOptionsTest {
    @TempDir
    Path dir;
    /** What resolve builtin prints to stdout: what -o OUT must receive. */
    String expected;

    @BeforeEach
    void resolveToStdout() {
        CliRun r = CliRun.run("resolve", "builtin");
        assertEquals(0, r.exit(), r.err());
        expected = r.out();
    }

    @Test
    void aCharacterDeviceIsWrittenIntoAndStaysADeviceWithOrWithoutForce() throws IOException {
        Path device = dir.resolve("nulldev");
        run("mknod", device.toString(), "c", "1", "3");
        assertEquals(0, resolveTo(device).exit());
        assertEquals(0, resolveTo(device, "--force").exit());
        assertEquals("character special file", stat(device));
        assertEquals(List.of("nulldev"), names(dir));
    }

    @Test
    void aFifoReceivesTheResultAndStaysAFifo() throws Exception {
        Path fifo = dir.resolve("ff");
        run("mkfifo", fifo.toString());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        CliRun r = resolveTo(fifo, "--force");
        assertEquals(0, r.exit(), r.err());
        assertEquals(expected, reader.get(20, TimeUnit.SECONDS));
        assertEquals("fifo", stat(fifo));
    }

    @Test
    void aSymlinkIsFollowedAndStaysALink() throws IOException {
        Path target = Files.writeString(dir.resolve("real.json"), "keep");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));

        CliRun refused = resolveTo(link);
        assertEquals(2, refused.exit());
        assertEquals("syscage: " + link + ": already exists, expected a new file (add --force to replace it)\n",
                refused.err());
        assertEquals("keep", Files.readString(target));

        assertEquals(0, resolveTo(link, "--force").exit());
        assertEquals(Path.of("real.json"), Files.readSymbolicLink(link));
        assertEquals(expected, Files.readString(target));
        assertEquals(List.of("link.json", "real.json"), names(dir));
    }

    @Test
    void aDirectoryIsOneLineAndStaysEmpty() throws IOException {
        Path adir = Files.createDirectory(dir.resolve("adir"));
        CliRun r = resolveTo(adir, "--force");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + adir + ": is a directory\n", r.err());
        assertEquals(List.of(), names(adir));
        assertEquals(List.of("adir"), names(dir));
    }

    @Test
    void aMissingDirectoryIsNamedAsGiven() throws IOException {
        Path out = dir.resolve("nonexistdir/x.json");
        CliRun r = resolveTo(out, "--force");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + out + ": no such directory\n", r.err());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aBlockDeviceIsRefusedAndLeftAsItIs() throws IOException {
        Path block = dir.resolve("loopdev");
        run("mknod", block.toString(), "b", "7", "0");
        CliRun r = resolveTo(block, "--force");
        assertEquals(2, r.exit());
        assertEquals("syscage: " + block + ": is a block device; syscage writes regular files, character devices "
                + "and FIFOs only\n", r.err());
        assertEquals("block special file", stat(block));
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws IOException {
        Path out = Files.writeString(dir.resolve("out.json"), "keep");
        assertEquals(2, resolveTo(out).exit());
        assertEquals("keep", Files.readString(out));
        assertEquals(0, resolveTo(out, "--force").exit());
        assertEquals(expected, Files.readString(out));
        assertEquals(List.of("out.json"), names(dir));
    }

    private static CliRun resolveTo(Path out, String... more) {
        return CliRun.run(Stream.concat(Stream.of("resolve", "builtin", "-o", out.toString()), Stream.of(more))
                .toArray(String[]::new));
    }

    private static List<String> names(Path in) throws IOException {
        try (Stream<Path> s = Files.list(in)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** stat(1)'s name for the file's type. */
    private static String stat(Path file) throws IOException {
        return run("stat", "-c", "%F", file.toString()).strip();
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        return out;
    }
}
