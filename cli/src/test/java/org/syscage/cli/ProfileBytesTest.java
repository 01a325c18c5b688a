package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileFormatException;
import org.syscage.core.format.ReadProfile;
import org.syscage.core.profile.Action;

class ProfileBytesTest {
    @TempDir
    Path dir;

    /** What is parsed is what was read, however the file changes afterwards. */
    @Test
    void theProfileIsParsedFromTheBytesReadNotFromTheFileAgain() throws IOException {
        Path file = Files.writeString(dir.resolve("p.json"), "{\"defaultAction\": \"SCMP_ACT_LOG\"}");
        ProfileBytes read = ProfileBytes.read(file.toString());
        Files.writeString(file, "{\"defaultAction\": \"SCMP_ACT_KILL\"}");

        assertEquals("{\"defaultAction\": \"SCMP_ACT_LOG\"}", new String(read.bytes(), StandardCharsets.UTF_8));
        assertEquals(Action.LOG, read.parse().profile().defaultAction());
    }

    @Test
    void stdinIsReadOnceAndServesEveryUse() {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream("defaultAction: SCMP_ACT_TRAP\n".getBytes(StandardCharsets.UTF_8)));
        try {
            ProfileBytes read = ProfileBytes.read("-");
            assertEquals(Action.TRAP, read.parse().profile().defaultAction());
            assertEquals(Action.TRAP, read.parse().profile().defaultAction());
            assertEquals("defaultAction: SCMP_ACT_TRAP\n", new String(read.bytes(), StandardCharsets.UTF_8));
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void builtinIsDockersDefaultInDockersFormat() {
        ReadProfile builtin = ProfileBytes.read("builtin").parse();
        assertEquals(BuiltinProfiles.dockerDefault(), builtin.profile());
        assertEquals(ProfileFormat.DOCKER, builtin.format());
    }

    @Test
    void aBrokenProfileIsReportedUnderTheNameTyped() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ALOW\"\n}");
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> ProfileBytes.read(file.toString()).parse());
        assertTrue(e.getMessage().startsWith(file + ":2:20: defaultAction: unknown action 'SCMP_ACT_ALOW'"),
                e.getMessage());
    }
}
