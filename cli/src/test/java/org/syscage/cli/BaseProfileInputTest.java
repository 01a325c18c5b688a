package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.InputException;
import org.syscage.core.format.ProfileReader;

/**
 * QA: a SeccompProfile's baseProfileName (SPO unions that cluster object's rules in) was silently
 * ignored by compile, lint and explain. Every command that decides from a profile refuses it at
 * the field's place; convert to a CRD, which can say it, keeps it.
 */
class BaseProfileInputTest {
    @TempDir
    Path dir;

    Path base;
    Path plain;

    @BeforeEach
    void profiles() throws IOException {
        base = Files.writeString(dir.resolve("base.yaml"), """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: app
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  baseProfileName: runc-v1.1.0
                  syscalls:
                  - action: SCMP_ACT_ALLOW
                    names: [read, write, execve, exit_group]
                """);
        plain = Files.writeString(dir.resolve("plain.json"), "{\"defaultAction\": \"SCMP_ACT_ALLOW\"}");
    }

    String refusal() {
        return "syscage: " + base + ":7:3: baseProfileName 'runc-v1.1.0' asks the Security Profiles Operator to add the "
                + "rules of that SeccompProfile, which only the cluster holds, so what this profile decides is unknown "
                + "here; expected a profile without baseProfileName (copy the base profile's rules into this one and "
                + "remove the field)\n";
    }

    @Test
    void everyCommandThatDecidesRefusesItAtTheField() {
        String b = base.toString();
        for (List<String> args : List.of(
                List.of("compile", b, "-f", "pfc"),
                List.of("lint", b),
                List.of("explain", b, "openat"),
                List.of("resolve", b),
                List.of("report", b, "-o", dir.resolve("r.html").toString()),
                List.of("diff", plain.toString(), b),
                List.of("merge", plain.toString(), b),
                List.of("convert", b, "-t", "oci"),
                List.of("convert", b, "-t", "docker"))) {
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out());
            assertEquals(refusal(), r.err(), String.join(" ", args));
        }
    }

    /** run reads its profile through ProfileBytes, before CMD starts. */
    @Test
    void runRefusesItBeforeStartingAnything() {
        InputException e = assertThrows(InputException.class, () -> ProfileBytes.read(base.toString()).parse());
        assertEquals(refusal(), "syscage: " + e.getMessage() + "\n");
    }

    @Test
    void aCrdKeepsIt() throws IOException {
        CliRun r = CliRun.run("convert", base.toString(), "-t", "crd", "-o", dir.resolve("v1.yaml").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("runc-v1.1.0", ProfileReader.read(dir.resolve("v1.yaml")).baseProfileName());
        assertTrue(Files.readString(dir.resolve("v1.yaml")).contains("baseProfileName: runc-v1.1.0"));
    }
}
