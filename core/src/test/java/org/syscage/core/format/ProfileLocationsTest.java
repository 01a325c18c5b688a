package org.syscage.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.syscage.core.docker.BuiltinProfiles;

/** Where the reader says each rule, name and field was written. */
class ProfileLocationsTest {

    static SourceLocation loc(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    @Test
    void jsonRulesNamesAndFieldsAreLocatedWhereWritten() {
        String text = """
                {
                  "defaultAction": "SCMP_ACT_ERRNO",
                  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"],
                  "syscalls": [
                    {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW"},
                    {
                      "names": ["ioctl"],
                      "action": "SCMP_ACT_ERRNO",
                      "errnoRet": 25,
                      "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_EQ"}]
                    }
                  ]
                }
                """;
        LocatedProfile located = ProfileReader.parseLocated("p.json", text);
        ProfileLocations at = located.locations();
        assertEquals("p.json", at.file());
        assertEquals(Optional.of(loc("p.json", 1, 1)), at.profile());
        assertEquals(Optional.of(loc("p.json", 2, 3)), at.field("defaultAction"));
        assertEquals(Optional.of(loc("p.json", 3, 41)), at.at("architectures[1]"));
        assertEquals(Optional.of(loc("p.json", 5, 5)), at.rule(0));
        assertEquals(Optional.of(loc("p.json", 5, 24)), at.name(0, 1));
        assertEquals(Optional.of(loc("p.json", 6, 5)), at.rule(1));
        assertEquals(Optional.of(loc("p.json", 7, 17)), at.name(1, 0));
        assertEquals(Optional.of(loc("p.json", 9, 7)), at.ruleField(1, "errnoRet"));
        assertEquals(Optional.of(loc("p.json", 10, 16)), at.arg(1, 0));
        // the profile read is the same as without locations
        assertEquals(ProfileReader.parse("p.json", text), located.profile());
    }

    @Test
    void missingPartsFallBackToTheRuleOrAreEmpty() {
        String text = """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"name": "ptrace", "action": "SCMP_ACT_ERRNO"}]}
                """;
        ProfileLocations at = ProfileReader.parseLocated("d.json", text).locations();
        assertEquals(Optional.of(loc("d.json", 2, 16)), at.name(0, 0), "Docker's single name is name 0, at its key");
        assertEquals(Optional.of(loc("d.json", 2, 15)), at.ruleField(0, "errnoRet"), "absent field: the rule");
        assertEquals(Optional.of(loc("d.json", 2, 15)), at.arg(0, 3), "absent argument: the rule");
        assertTrue(at.rule(5).isEmpty());
        assertTrue(at.field("architectures").isEmpty());
        assertTrue(ProfileLocations.none("x").rule(0).isEmpty());
    }

    @Test
    void yamlCrdPathsAreRelativeToSpec() {
        String text = """
                apiVersion: security-profiles-operator.x-k8s.io/v1beta1
                kind: SeccompProfile
                metadata:
                  name: demo
                spec:
                  defaultAction: SCMP_ACT_ERRNO
                  syscalls:
                    - action: SCMP_ACT_ALLOW
                      names:
                        - uname
                        - read
                """;
        ProfileLocations at = ProfileReader.parseLocated("crd.yaml", text).locations();
        assertEquals(6, at.field("defaultAction").orElseThrow().line());
        assertEquals(8, at.rule(0).orElseThrow().line());
        assertEquals(Optional.of(loc("crd.yaml", 11, 11)), at.name(0, 1));
    }

    @Test
    void ociConfigPathsAreRelativeToLinuxSeccomp() {
        String text = """
                {"ociVersion": "1.0.2", "linux": {"seccomp": {
                  "defaultAction": "SCMP_ACT_ERRNO",
                  "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}]}}}
                """;
        ProfileLocations at = ProfileReader.parseLocated("config.json", text).locations();
        assertEquals(Optional.of(loc("config.json", 2, 3)), at.field("defaultAction"));
        assertEquals(Optional.of(loc("config.json", 3, 27)), at.name(0, 0));
    }

    @Test
    void dockersDefaultGetMempolicyRuleIsAtItsLineInTheShippedFile() {
        // moby-default.json: the CAP_SYS_NICE rule opens at line 827 (two tabs in), its first name is on 829
        ProfileLocations at = ProfileReader.parseLocated("builtin", BuiltinProfiles.dockerDefaultJson()).locations();
        assertEquals(Optional.of(loc("builtin", 827, 3)), at.rule(29));
        assertEquals(Optional.of(loc("builtin", 829, 5)), at.name(29, 0));
    }

    @Test
    void stdinIsNamedAsInMessages() {
        var in = new java.io.ByteArrayInputStream("{\"defaultAction\": \"SCMP_ACT_LOG\"}".getBytes());
        LocatedProfile located = ProfileReader.readLocated("-", in);
        assertEquals("<stdin>", located.locations().file());
        assertEquals(Optional.of(loc("<stdin>", 1, 2)), located.locations().field("defaultAction"));
    }

    @Test
    void suggestionsUseTheReadersMeasure() {
        assertEquals(Optional.of("get_mempolicy"),
                Suggestions.closest("get_mempolcy", java.util.List.of("set_mempolicy", "get_mempolicy", "mbind")));
        assertTrue(Suggestions.closest("zzzzzz", java.util.List.of("read", "write")).isEmpty());
    }
}
