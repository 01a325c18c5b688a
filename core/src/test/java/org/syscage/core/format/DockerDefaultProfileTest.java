package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArchMapEntry;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/**
 * Docker's default profile (moby's profiles/seccomp/default.json, shipped as a resource) as a
 * differential test: syscage must read it and write it back exactly as moby's generator wrote it.
 */
class DockerDefaultProfileTest {
    static String mobyText() throws IOException {
        try (InputStream in = Profile.class.getResourceAsStream("/org/syscage/core/docker/moby-default.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsDockersDefault() throws IOException {
        Profile p = ProfileReader.parse("moby-default.json", mobyText());

        // Counts taken from the file with an independent JSON reader (Python's json module).
        assertEquals(Action.ERRNO, p.defaultAction());
        assertEquals(1, p.defaultErrnoRet());
        assertEquals(33, p.syscalls().size());
        assertEquals(361, p.syscalls().getFirst().names().size());
        assertEquals(442, p.syscalls().stream().mapToInt(r -> r.names().size()).sum());
        assertEquals(22, p.syscalls().stream().filter(r -> !r.includes().isEmpty()).count());
        assertEquals(3, p.syscalls().stream().filter(r -> !r.excludes().isEmpty()).count());
        assertEquals(new ArchMapEntry(Arch.X86_64, List.of(Arch.X86, Arch.X32)), p.archMap().getFirst());
        assertEquals(new ArchMapEntry(Arch.LOONGARCH64, List.of()), p.archMap().getLast());

        SyscallRule s390Clone = p.syscalls().get(19);
        assertEquals(new SyscallRule(List.of("clone"), Action.ALLOW, null,
                List.of(new ArgCondition(1, 2114060288L, 0, Op.MASKED_EQ)),
                "s390 parameter ordering for clone is different",
                new Filter(List.of(), List.of("s390", "s390x"), null),
                new Filter(List.of("CAP_SYS_ADMIN"), List.of(), null)), s390Clone);
        SyscallRule clone3 = p.syscalls().get(20);
        assertEquals(List.of("clone3"), clone3.names());
        assertEquals(38, clone3.errnoRet());
        assertTrue(p.isDockerFormat());
    }

    @Test
    void writesDockersDefaultBackByteForByte() throws IOException {
        String moby = mobyText();
        String written = ProfileWriter.write(ProfileReader.parse("moby-default.json", moby), ProfileFormat.DOCKER);
        assertEquals(moby + "\n", written, "moby's file has no final newline; syscage adds one");
    }

    @Test
    void refusesToWriteItAsOciBeforeResolution() throws IOException {
        Profile p = ProfileReader.parse("moby-default.json", mobyText());
        InputException e = assertThrows(InputException.class, () -> ProfileWriter.write(p, ProfileFormat.OCI));
        assertTrue(e.getMessage().contains("syscage resolve"), e.getMessage());
        assertThrows(InputException.class, () -> ProfileWriter.write(
                p.withMetadata(org.syscage.core.profile.KubeMetadata.named("docker-default")), ProfileFormat.CRD));
    }
}
