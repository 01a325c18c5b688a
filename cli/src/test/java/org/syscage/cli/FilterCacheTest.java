package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterCacheTest {
    private static final byte[] PROFILE = "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aStoredProgramComesBackUnderItsKey() {
        FilterCache cache = new FilterCache(dir.resolve("filters"), "build 1");
        String key = cache.key(PROFILE, "enosys-stub=true");
        byte[] program = {0x06, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f};

        assertEquals(Optional.empty(), cache.load(key));
        cache.store(key, program);

        assertArrayEquals(program, cache.load(key).orElseThrow());
    }

    @Test
    void theCacheDirectoryIsTheOwnersOnly() throws IOException {
        FilterCache cache = new FilterCache(dir.resolve("filters"), "build 1");
        cache.store(cache.key(PROFILE, ""), new byte[8]);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("filters"))));
    }

    @Test
    void theKeyChangesWithTheProfileTheOptionsAndTheBuild() {
        FilterCache one = new FilterCache(dir, "build 1");
        String key = one.key(PROFILE, "enosys-stub=true");

        assertEquals(key, one.key(PROFILE.clone(), "enosys-stub=true"));
        byte[] edited = PROFILE.clone();
        edited[edited.length - 3] = 'X';
        assertNotEquals(key, one.key(edited, "enosys-stub=true"));
        assertNotEquals(key, one.key(PROFILE, "enosys-stub=false"));
        assertNotEquals(key, new FilterCache(dir, "build 2").key(PROFILE, "enosys-stub=true"));
        assertTrue(key.matches("[0-9a-f]{64}"), key);
    }

    @Test
    void aFileThatDoesNotRepeatItsKeyIsIgnored() throws IOException {
        FilterCache cache = new FilterCache(dir, "build 1");
        String key = cache.key(PROFILE, "");
        Files.write(dir.resolve(key + ".bpf"), new byte[16]);
        assertEquals(Optional.empty(), cache.load(key));
    }

    @Test
    void aCacheThatCannotBeWrittenIsSkippedQuietly() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        FilterCache cache = new FilterCache(notADirectory.resolve("filters"), "build 1");
        String key = cache.key(PROFILE, "");
        cache.store(key, new byte[8]);
        assertEquals(Optional.empty(), cache.load(key));
    }

    @Test
    void theCodeStampOfABuildTreeChangesWhenAClassIsRebuilt() throws IOException {
        // The stamp of this test's own classes directory follows its newest file.
        String before = FilterCache.codeStamp(FilterCacheTest.class);
        Path classes = Path.of(FilterCacheTest.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Path marker = Files.writeString(classes.resolve("stamp-probe.tmp"), "x");
        try {
            Files.setLastModifiedTime(marker, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
            assertNotEquals(before, FilterCache.codeStamp(FilterCacheTest.class));
        } finally {
            Files.delete(marker);
        }
    }
}
