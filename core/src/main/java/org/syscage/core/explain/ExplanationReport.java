package org.syscage.core.explain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.syscage.core.docker.Capabilities;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.SourceLocation;

/** An {@link Explanation} as text for people and as JSON for machines. */
public final class ExplanationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExplanationReport() {}

    /**
     * The summary, the call and the container, the reasons (each with its file:line), and the
     * smallest changes that would allow the call.
     */
    public static String text(Explanation e) {
        StringBuilder b = new StringBuilder();
        b.append(e.summary()).append('\n');
        b.append("  call:      ").append(e.syscall()).append(" (").append(e.arch()).append(" number ")
                .append(e.number()).append(")").append(argsText(e)).append('\n');
        b.append("  container: ").append(container(e.container())).append('\n');
        b.append("  verdict:   ").append(e.decision().verdict().describe())
                .append(e.decision().exact() ? "" : " (not exact: see below)").append('\n');
        b.append("why:\n");
        for (Explanation.Reason r : e.reasons()) {
            b.append("  ").append(r.at().map(l -> l + ": ").orElse("")).append(r.text()).append('\n');
        }
        if (e.allowed()) {
            b.append("allowed: nothing to change.\n");
        } else {
            b.append("smallest change to allow it:\n");
            e.changes().forEach(c -> b.append("  - ").append(c).append('\n'));
        }
        return b.toString();
    }

    private static String argsText(Explanation e) {
        if (e.argCount() == 0) {
            return ", no arguments given";
        }
        StringBuilder b = new StringBuilder(", arguments ");
        for (int i = 0; i < e.argCount(); i++) {
            b.append(i == 0 ? "" : ", ").append(Conditions.hex(e.args()[i]));
        }
        return b.toString();
    }

    /** {@code x86_64, kernel 6.8, Docker's default capabilities + CAP_SYS_NICE}. */
    static String container(ResolveOptions c) {
        var defaults = Capabilities.dockerDefault();
        List<String> added = c.capabilities().stream().filter(x -> !defaults.contains(x)).toList();
        List<String> dropped = defaults.stream().filter(x -> !c.capabilities().contains(x)).toList();
        String caps = c.capabilities().isEmpty() ? "no capabilities"
                : "Docker's default capabilities" + (added.isEmpty() ? "" : " + " + String.join(" + ", added))
                        + (dropped.isEmpty() ? "" : " - " + String.join(" - ", dropped));
        return c.arch().kernelName() + ", kernel " + c.kernel() + ", " + caps;
    }

    /** The explanation as one JSON object. */
    public static String json(Explanation e) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode root = n.objectNode();
        root.put("syscall", e.syscall());
        root.put("arch", e.arch().kernelName());
        root.put("number", e.number());
        ArrayNode args = root.putArray("args");
        for (int i = 0; i < e.argCount(); i++) {
            args.add(Long.toUnsignedString(e.args()[i]));
        }
        ObjectNode c = root.putObject("container");
        c.put("arch", e.container().arch().kernelName());
        c.put("kernel", e.container().kernel().toString());
        ArrayNode caps = c.putArray("capabilities");
        e.container().capabilities().forEach(caps::add);
        Decision d = e.decision();
        root.put("verdict", d.verdict().toString());
        root.put("action", d.verdict().action().profileName());
        if (d.verdict().action().carriesValue()) {
            root.put("errno", d.verdict().value());
        }
        root.put("allowed", e.allowed());
        root.put("decidedBy", switch (d.cause()) {
            case RULE -> "rule";
            case DEFAULT -> "defaultAction";
            case ENOSYS_STUB -> "enosysStub";
        });
        e.decidedAt().ifPresent(l -> put(root.putObject("decidedAt"), l));
        root.put("exact", d.exact());
        root.put("summary", e.summary());
        ArrayNode reasons = root.putArray("reasons");
        for (Explanation.Reason r : e.reasons()) {
            ObjectNode o = reasons.addObject();
            r.at().ifPresent(l -> put(o.putObject("at"), l));
            o.put("text", r.text());
        }
        ArrayNode changes = root.putArray("changes");
        e.changes().forEach(changes::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void put(ObjectNode o, SourceLocation l) {
        o.put("file", l.file());
        o.put("line", l.line());
        o.put("column", l.column());
    }
}
