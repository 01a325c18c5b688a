package org.syscage.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.io.AtomicFiles;

/**
 * Compiled filters of {@code run}, kept by content so that the next run of the same profile
 * starts without parsing and compiling it (the larger part of run's start-up after the JVM's own).
 *
 * <p>An entry's key is a SHA-256 over everything the program depends on: the profile's bytes,
 * the options that change the compilation (as text), and a stamp of the compiler's code (its
 * jar's size and time), so that a rebuilt syscage never reads programs of an older one. The file
 * repeats the key, and a file that does not start with it is ignored. The kernel checks every
 * program again when it loads it; a program the kernel refuses still stops the command.
 *
 * <p>The cache lives in {@code $SYSCAGE_CACHE_DIR}, else {@code $XDG_CACHE_HOME/syscage}, else
 * {@code ~/.cache/syscage}, in a directory only its owner can read. A cache that cannot be read
 * or written is skipped: it never makes a run fail.
 */
record FilterCache(Path dir, String codeStamp) {
    private static final String FORMAT = "syscage-filter-cache-1";

    /** The user's cache, for the code this JVM runs. */
    static FilterCache standard() {
        return new FilterCache(standardDir(), codeStamp(Compiler.class));
    }

    private static Path standardDir() {
        String own = System.getenv("SYSCAGE_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("syscage").resolve("filters");
    }

    /**
     * The size and time of the jar (or, in a build tree, the newest class file of the directory)
     * that holds {@code type}: a new build changes it.
     */
    static String codeStamp(Class<?> type) {
        try {
            Path code = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(code)) {
                try (Stream<Path> files = Files.walk(code)) {
                    long newest = files.filter(Files::isRegularFile).mapToLong(FilterCache::modified).max().orElse(0);
                    return code + "@" + newest;
                }
            }
            return code + "@" + Files.size(code) + "@" + modified(code);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Without a stamp nothing can be cached safely: a unique one makes every lookup miss.
            return "unstamped-" + System.nanoTime();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key of a profile's bytes compiled with the given options. */
    String key(byte[] profile, String options) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {FORMAT, codeStamp, options}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            sha.update(profile);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The program stored under {@code key}, if any. */
    Optional<byte[]> load(String key) {
        try {
            byte[] file = Files.readAllBytes(dir.resolve(key + ".bpf"));
            byte[] header = header(key);
            if (file.length <= header.length || !Arrays.equals(file, 0, header.length, header, 0, header.length)) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOfRange(file, header.length, file.length));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keeps a program under {@code key}; does nothing when the cache cannot be written. */
    void store(String key, byte[] program) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            byte[] header = header(key);
            byte[] file = Arrays.copyOf(header, header.length + program.length);
            System.arraycopy(program, 0, file, header.length, program.length);
            AtomicFiles.writeAtomically(dir.resolve(key + ".bpf"), file, true);
        } catch (IOException | RuntimeException e) {
            // A cache is an optimisation: the run goes on without it.
        }
    }

    private static byte[] header(String key) {
        return (FORMAT + " " + key + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
