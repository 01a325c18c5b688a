package org.syscage.core.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.lint.LintFixtures.AMD64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The three report formats, the SARIF one checked against what SARIF 2.1.0 requires. */
class LintReportTest {
    static final String PROFILE = """
            {
              "defaultAction": "SCMP_ACT_ERRNO",
              "syscalls": [
                {"names": ["execve", "bpf", "get_mempolcy"], "action": "SCMP_ACT_ALLOW"},
                {"names": ["chown"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000}
              ]
            }
            """;

    static LintReport report(String file) {
        return new LintReport(file, AMD64, LintFixtures.lint(PROFILE));
    }

    @Test
    void textHasOneCompilerStyleLinePerFindingAndASummary() {
        String text = report("p.json").text();
        assertTrue(text.contains("p.json:4:26: warning: SC001 dangerous-allow: bpf is allowed"), text);
        assertTrue(text.contains("\n    fix: remove bpf from the rule at line 4"), text);
        assertTrue(text.endsWith("p.json: 0 errors, 3 warnings, 0 info (x86_64, kernel 6.8, 14 capabilities)\n"), text);
    }

    @Test
    void jsonCarriesEveryFieldOfAFinding() throws Exception {
        JsonNode root = new ObjectMapper().readTree(report("p.json").json());
        assertEquals("p.json", root.get("file").asText());
        assertEquals("x86_64", root.get("container").get("arch").asText());
        assertEquals(3, root.get("counts").get("warning").asInt());
        JsonNode typo = root.get("findings").get(1);
        assertEquals("SC014", typo.get("id").asText());
        assertEquals("unknown-syscall", typo.get("rule").asText());
        assertEquals("warning", typo.get("severity").asText());
        assertEquals(4, typo.get("line").asInt());
        assertEquals("write 'get_mempolicy'", typo.get("fix").asText());
        assertEquals("get_mempolcy", typo.get("syscalls").get(0).asText());
    }

    @Test
    void sarifHasTheStructureSarif210Requires() throws Exception {
        JsonNode log = new ObjectMapper().readTree(report("profiles/app profile.json").sarif("0.1.0"));
        // sarifLog: version (required), runs (required); $schema recommended
        assertEquals("2.1.0", log.get("version").asText());
        assertTrue(log.get("$schema").asText().contains("sarif-2.1.0"));
        assertEquals(1, log.get("runs").size());
        JsonNode run = log.get("runs").get(0);
        // run.tool.driver.name is required
        JsonNode driver = run.get("tool").get("driver");
        assertEquals("syscage", driver.get("name").asText());
        assertEquals("0.1.0", driver.get("version").asText());
        // reportingDescriptor: id required; every rule present with help and a valid default level
        JsonNode rules = driver.get("rules");
        assertEquals(Linter.RULES.size(), rules.size());
        Set<String> levels = Set.of("none", "note", "warning", "error");
        for (JsonNode r : rules) {
            assertTrue(r.get("id").asText().matches("SC\\d{3}"));
            assertFalse(r.get("shortDescription").get("text").asText().isBlank());
            assertFalse(r.get("help").get("text").asText().isBlank());
            assertTrue(levels.contains(r.get("defaultConfiguration").get("level").asText()));
        }
        // results: message.text required; ruleId/ruleIndex consistent; locations with uri and region
        JsonNode results = run.get("results");
        assertEquals(3, results.size());
        Set<String> ruleIds = new HashSet<>();
        for (JsonNode result : results) {
            String id = result.get("ruleId").asText();
            ruleIds.add(id);
            assertEquals(id, rules.get(result.get("ruleIndex").asInt()).get("id").asText());
            assertTrue(levels.contains(result.get("level").asText()));
            assertFalse(result.get("message").get("text").asText().isBlank());
            JsonNode physical = result.get("locations").get(0).get("physicalLocation");
            // a relative path stays relative, with the space percent-encoded
            assertEquals("profiles/app%20profile.json", physical.get("artifactLocation").get("uri").asText());
            assertTrue(physical.get("region").get("startLine").asInt() >= 1);
            assertTrue(physical.get("region").get("startColumn").asInt() >= 1);
        }
        assertEquals(Set.of("SC001", "SC013", "SC014"), ruleIds);
        assertEquals("profiles/app%20profile.json", run.get("artifacts").get(0).get("location").get("uri").asText());
    }

    @Test
    void sarifWithoutFindingsHasAnEmptyResultsArray() throws Exception {
        var clean = new LintReport("clean.json", AMD64, List.of());
        JsonNode run = new ObjectMapper().readTree(clean.sarif(null)).get("runs").get(0);
        assertTrue(run.get("results").isArray());
        assertEquals(0, run.get("results").size());
        assertFalse(run.get("tool").get("driver").has("version"));
    }

    @Test
    void artifactUrisForAbsolutePathsAreFileUris() {
        assertEquals("file:///etc/seccomp/app.json", LintReport.artifactUri("/etc/seccomp/app.json"));
        assertEquals("builtin", LintReport.artifactUri("builtin"));
    }

    @Test
    void severitiesParseAndCompare() {
        assertEquals(Severity.WARNING, Severity.parse(" Warning "));
        assertTrue(Severity.ERROR.atLeast(Severity.WARNING));
        assertFalse(Severity.INFO.atLeast(Severity.WARNING));
        assertEquals("note", Severity.INFO.sarifLevel());
    }
}
