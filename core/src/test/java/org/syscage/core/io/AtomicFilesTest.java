package org.syscage.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files, links, devices and FIFOs in a temporary directory (the devices need root, as CI
 * has): what each is turned into, and that a refusal leaves everything as it was.
 */
class AtomicFilesTest {
    @TempDir
    Path dir;

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndLeavesNoTemporaryFileBehind() throws IOException {
        Path out = dir.resolve("profile.json");
        AtomicFiles.writeAtomically(out, "{}\n", false);
        assertEquals("{}\n", Files.readString(out));
        assertEquals(List.of("profile.json"), names());
    }

    @Test
    void newFilesGetTheUsualPermissionsNotATempFiles0600() throws IOException {
        Path reference = dir.resolve("reference");
        Files.writeString(reference, "x");
        Path out = dir.resolve("out");
        AtomicFiles.writeAtomically(out, "x", false);
        assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(out));
    }

    @Test
    void refusesToReplaceAnExistingFileUnlessAllowed() throws IOException {
        Path out = dir.resolve("profile.yaml");
        Files.writeString(out, "old");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeAtomically(out, "new", false));
        assertEquals("old", Files.readString(out));
        assertEquals(List.of("profile.yaml"), names());
    }

    @Test
    void replacesAnExistingFileKeepingItsPermissions() throws IOException {
        Path out = dir.resolve("profile.yaml");
        Files.writeString(out, "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeAtomically(out, "new", true);
        assertEquals("new", Files.readString(out));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals(List.of("profile.yaml"), names());
    }

    @Test
    void worksForARelativePathInTheCurrentDirectory() throws IOException {
        Path out = Path.of("target", "atomic-files-test-" + ProcessHandle.current().pid() + ".txt");
        try {
            AtomicFiles.writeAtomically(out, "here", false);
            assertEquals("here", Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aCharacterDeviceIsWrittenIntoInPlaceEvenWithoutOverwrite() throws Exception {
        Path nullDevice = mknod("null", "c", 1, 3);
        AtomicFiles.writeAtomically(nullDevice, "discarded", false);
        AtomicFiles.writeAtomically(nullDevice, "discarded", true);
        assertEquals("character special file 1:3", describe(nullDevice));
        assertEquals(List.of("null"), names());
    }

    @Test
    void aFifoIsWrittenIntoInPlace() throws Exception {
        Path fifo = dir.resolve("pipe");
        run("mkfifo", fifo.toString());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> read(fifo));
        AtomicFiles.writeAtomically(fifo, "through the pipe\n", true);
        assertEquals("through the pipe\n", reader.get(10, TimeUnit.SECONDS));
        assertEquals("fifo", describe(fifo));
        assertEquals(List.of("pipe"), names());
    }

    @Test
    void aLinkToACharacterDeviceIsWrittenThroughNotReplaced() throws Exception {
        Path device = mknod("tty-like", "c", 1, 3);
        Path link = Files.createSymbolicLink(dir.resolve("stdout"), device.getFileName());
        assertEquals(new OutputTarget.Stream(link), AtomicFiles.check(link, false));
        AtomicFiles.writeAtomically(link, "x", false);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("character special file 1:3", describe(device));
    }

    @Test
    void aLinkToAFileIsFollowedTheFileReplacedAndTheLinkKept() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path file = Files.writeString(real.resolve("profile.json"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real/profile.json"));

        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeAtomically(link, "new", false));
        assertEquals("old", Files.readString(file));

        AtomicFiles.writeAtomically(link, "new", true);
        assertEquals(Path.of("real/profile.json"), Files.readSymbolicLink(link));
        assertEquals("new", Files.readString(file));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of("link.json", "real"), names());
        assertEquals(List.of("profile.json"), names(real));
    }

    @Test
    void aLinkToNowhereCreatesItsTargetOnlyWhenReplacingIsAllowed() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("out.bpf"), Path.of("made/later.bpf"));
        Files.createDirectory(dir.resolve("made"));

        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeAtomically(link, "x", false));
        assertEquals(List.of(), names(dir.resolve("made")));

        AtomicFiles.writeAtomically(link, "x", true);
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("x", Files.readString(dir.resolve("made/later.bpf")));
    }

    @Test
    void aLinkThroughALinkIsFollowedToTheEnd() throws IOException {
        Path file = Files.writeString(dir.resolve("end"), "old");
        Files.createSymbolicLink(dir.resolve("middle"), Path.of("end"));
        Path first = Files.createSymbolicLink(dir.resolve("first"), Path.of("middle"));
        AtomicFiles.writeAtomically(first, "new", true);
        assertEquals("new", Files.readString(file));
        assertTrue(Files.isSymbolicLink(first) && Files.isSymbolicLink(dir.resolve("middle")));
    }

    @Test
    void aLinkLoopIsOneLine() throws IOException {
        Path a = Files.createSymbolicLink(dir.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(dir.resolve("b"), Path.of("a"));
        assertEquals(a + ": too many levels of symbolic links", refusal(a, true));
    }

    @Test
    void aDirectoryIsRefusedAndLeftEmpty() throws IOException {
        Path adir = Files.createDirectory(dir.resolve("adir"));
        Path link = Files.createSymbolicLink(dir.resolve("to-adir"), Path.of("adir"));
        assertEquals(adir + ": is a directory", refusal(adir, true));
        assertEquals(adir + ": is a directory", refusal(adir, false));
        assertEquals(link + ": is a directory", refusal(link, true));
        assertEquals(List.of(), names(adir));
        assertEquals(List.of("adir", "to-adir"), names());
    }

    @Test
    void blockDevicesAndSocketsAreRefused() throws Exception {
        Path block = mknod("loop", "b", 7, 0);
        assertEquals(block + ": is a block device; syscage writes regular files, character devices and FIFOs only",
                refusal(block, true));
        assertEquals("block special file 7:0", describe(block));

        Path socket = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            assertEquals(socket + ": is a socket; syscage writes regular files, character devices and FIFOs only",
                    refusal(socket, true));
            assertEquals("socket", describe(socket));
        }
    }

    @Test
    void aMissingDirectoryIsNamedAsGivenNotByATemporaryFile() throws IOException {
        Path out = dir.resolve("nonexistdir/x.json");
        assertEquals(out + ": no such directory", refusal(out, true));
        Path file = Files.writeString(dir.resolve("plain"), "keep");
        assertEquals(file + "/x.json: not a directory", refusal(file.resolve("x.json"), false));
        assertEquals(List.of("plain"), names());
        assertEquals("keep", Files.readString(file));
    }

    @Test
    void aFailedWriteNamesTheGivenPathAndLeavesNoTemporaryFile() {
        // sysfs takes no new files, even from root
        Path out = Path.of("/sys/syscage-test.json");
        String message = refusal(out, true);
        assertTrue(message.startsWith(out + ": "), message);
        assertFalse(message.contains(".tmp"), message);
        assertFalse(Files.exists(out));
    }

    @Test
    void checkRefusesWhatWritingWouldRefuseAndWritesNothing() throws IOException {
        Path out = Files.writeString(dir.resolve("taken"), "keep");
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.check(out, false));
        assertEquals(new OutputTarget.RegularFile(out, out, true), AtomicFiles.check(out, true));
        Path fresh = dir.resolve("fresh");
        assertEquals(new OutputTarget.RegularFile(fresh, fresh, false), AtomicFiles.check(fresh, false));
        assertEquals(List.of("taken"), names());
        assertEquals("keep", Files.readString(out));
    }

    @Test
    void aReplacedFileKeepsItsOwnerAndGroup() throws IOException {
        Path out = Files.writeString(dir.resolve("owned"), "old");
        run("chown", "65534:65534", out.toString());
        AtomicFiles.writeAtomically(out, "new", true);
        assertEquals("65534:65534", Files.getAttribute(out, "unix:uid") + ":" + Files.getAttribute(out, "unix:gid"));
    }

    /** The one-line message of the refusal to write {@code out}. */
    private static String refusal(Path out, boolean overwrite) {
        FileSystemException e = assertThrows(FileSystemException.class,
                () -> AtomicFiles.writeAtomically(out, "x", overwrite));
        return e.getMessage();
    }

    private List<String> names(Path in) throws IOException {
        try (Stream<Path> s = Files.list(in)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path mknod(String name, String type, int major, int minor) throws Exception {
        Path node = dir.resolve(name);
        run("mknod", node.toString(), type, String.valueOf(major), String.valueOf(minor));
        return node;
    }

    /** What stat(1) says the file is, with a device's numbers: independent of the code under test. */
    private static String describe(Path file) throws Exception {
        String[] stat = run("stat", "-c", "%t|%T|%F", file.toString()).strip().split("\\|");
        return stat[2].endsWith("special file")
                ? stat[2] + " " + Integer.parseInt(stat[0], 16) + ":" + Integer.parseInt(stat[1], 16)
                : stat[2];
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

    private static String read(Path fifo) {
        try {
            return Files.readString(fifo);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
