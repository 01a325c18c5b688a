package org.syscage.core.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.SourceLocation;

/**
 * Lint's findings for one profile, written for people (text), for machines (JSON) and for CI
 * systems that show findings inline (SARIF 2.1.0, as GitHub code scanning and others read it).
 *
 * @param file      the profile as the user named it ({@code builtin}, {@code -} for stdin, a path)
 * @param container the container the profile was linted for
 * @param findings  the findings, in {@link Linter}'s order
 */
public record LintReport(String file, ResolveOptions container, List<Finding> findings) {
    static final String SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    static final String SARIF_VERSION = "2.1.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public LintReport {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(container, "container");
        findings = List.copyOf(findings);
    }

    /** How many findings of each severity, every severity present (0 when none). */
    public Map<Severity, Integer> counts() {
        Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
        for (Severity s : Severity.values()) {
            counts.put(s, 0);
        }
        findings.forEach(f -> counts.merge(f.severity(), 1, Integer::sum));
        return counts;
    }

    /** One finding per paragraph, compiler style, then a summary line. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Finding f : findings) {
            b.append(f.location().map(l -> l + ": ").orElse(file + ": "))
                    .append(f.severity().label()).append(": ")
                    .append(f.rule().id()).append(' ').append(f.rule().name()).append(": ")
                    .append(f.message()).append('\n')
                    .append("    fix: ").append(f.fix()).append('\n');
        }
        Map<Severity, Integer> c = counts();
        b.append(file).append(": ").append(plural(c.get(Severity.ERROR), "error")).append(", ")
                .append(plural(c.get(Severity.WARNING), "warning")).append(", ")
                .append(plural(c.get(Severity.INFO), "info")).append(" (")
                .append(describe(container)).append(")\n");
        return b.toString();
    }

    /** The container in words: {@code x86_64, kernel 6.8, 14 capabilities}. */
    public static String describe(ResolveOptions container) {
        return container.arch().kernelName() + ", kernel " + container.kernel() + ", "
                + plural(container.capabilities().size(), "capability").replace("capabilitys", "capabilities");
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 || word.equals("info") ? "" : "s");
    }

    /** A JSON object: file, container, counts, and every finding with its rule, place and fix. */
    public String json() {
        ObjectNode root = NODES.objectNode();
        root.put("file", file);
        ObjectNode c = root.putObject("container");
        c.put("arch", container.arch().kernelName());
        c.put("kernel", container.kernel().toString());
        ArrayNode caps = c.putArray("capabilities");
        container.capabilities().forEach(caps::add);
        ObjectNode counts = root.putObject("counts");
        counts().forEach((s, n) -> counts.put(s.label(), n));
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = list.addObject();
            o.put("id", f.rule().id());
            o.put("rule", f.rule().name());
            o.put("severity", f.severity().label());
            o.put("message", f.message());
            o.put("file", f.location().map(SourceLocation::file).orElse(file));
            f.location().ifPresent(l -> {
                o.put("line", l.line());
                o.put("column", l.column());
            });
            o.put("fix", f.fix());
            ArrayNode syscalls = o.putArray("syscalls");
            f.syscalls().forEach(syscalls::add);
        }
        return write(root);
    }

    /**
     * A SARIF 2.1.0 log with one run: the tool (driver {@code syscage} with every lint rule, its
     * help and default level) and one result per finding, located by the profile's URI and a
     * region with start line and column.
     *
     * @param toolVersion syscage's version, or null
     */
    public String sarif(String toolVersion) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", SARIF_SCHEMA);
        root.put("version", SARIF_VERSION);
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "syscage");
        if (toolVersion != null) {
            driver.put("version", toolVersion);
        }
        ArrayNode rules = driver.putArray("rules");
        for (LintRule r : Linter.RULES) {
            ObjectNode rule = rules.addObject();
            rule.put("id", r.id());
            rule.put("name", r.name());
            rule.putObject("shortDescription").put("text", r.summary());
            rule.putObject("fullDescription").put("text", r.help());
            rule.putObject("help").put("text", r.help());
            rule.putObject("defaultConfiguration").put("level", r.severity().sarifLevel());
        }
        String uri = artifactUri(file);
        run.putArray("artifacts").addObject().putObject("location").put("uri", uri);
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode result = results.addObject();
            result.put("ruleId", f.rule().id());
            result.put("ruleIndex", Linter.RULES.indexOf(f.rule()));
            result.put("level", f.severity().sarifLevel());
            result.putObject("message").put("text", f.message() + " Fix: " + f.fix() + ".");
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode artifact = physical.putObject("artifactLocation");
            artifact.put("uri", uri);
            artifact.put("index", 0);
            f.location().ifPresent(l -> {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", l.line());
                region.put("startColumn", l.column());
            });
            result.putObject("properties").put("fix", f.fix());
        }
        return write(root);
    }

    /**
     * The profile as a URI reference: a relative path stays relative (CI systems resolve it
     * against the checkout), with '/' separators and percent-escapes; an absolute path becomes a
     * file: URI; stdin and builtin keep their names.
     */
    static String artifactUri(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            return p.toUri().toString();
        }
        try {
            return new URI(null, null, file.replace('\\', '/'), null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URI of " + file, e);
        }
    }

    private static String write(ObjectNode root) {
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
