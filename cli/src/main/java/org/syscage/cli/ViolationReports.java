package org.syscage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.format.ReadProfile;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** The files {@code run -p} writes after CMD ended: the JSON report and the widened profile. */
final class ViolationReports {
    private ViolationReports() {
    }

    /** {command, exit, complain, violations: [...], summary: [{call, count}]}. */
    static void writeJson(Path file, List<String> command, int exit, boolean complain, ViolationLog log,
            boolean force) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("command", command);
        root.put("exit", exit);
        root.put("complain", complain);
        root.put("violations", log.violations().stream().map(ViolationLog.Violation::toJson).toList());
        List<Map<String, Object>> summary = new ArrayList<>();
        log.summary().forEach((what, count) -> {
            String[] parts = what.split(" -> ", 2);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("syscall", parts[0]);
            entry.put("action", parts[1]);
            entry.put("count", count);
            summary.add(entry);
        });
        root.put("summary", summary);
        writeAtomically(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(root) + "\n", force);
    }

    /**
     * The profile as read (Docker extensions kept), plus one ALLOW rule with the names, in the
     * input's format as the reader told it (a SeccompProfile stays one, of its apiVersion). The
     * names are also taken out of rules that deny them without argument conditions: such a rule
     * would otherwise still decide (a rule with conditions is kept; the added rule does not
     * override it).
     */
    static void writeSuggestion(Path file, ReadProfile read, Set<String> names, boolean force)
            throws IOException {
        Profile profile = read.profile();
        Profile widened = profile;
        if (!names.isEmpty()) {
            List<SyscallRule> rules = new ArrayList<>();
            for (SyscallRule r : profile.syscalls()) {
                boolean denies = r.action() != Action.ALLOW && r.action() != Action.LOG && r.args().isEmpty();
                List<String> kept = denies ? r.names().stream().filter(n -> !names.contains(n)).toList() : r.names();
                if (!kept.isEmpty()) {
                    rules.add(r.withNames(kept));
                }
            }
            rules.add(SyscallRule.of(List.copyOf(names), Action.ALLOW));
            widened = profile.withSyscalls(rules);
        }
        ProfileFormat format = read.format();
        if (format.isCrd()) {
            // A SeccompProfile needs a name; one read without it is named after the file written.
            widened = widened.withMetadata(CrdNames.choose(widened.metadata(), null, file.toString(), null));
        }
        writeAtomically(file, ProfileWriter.write(widened, format), force);
    }

    /** As every -o is written: atomically, a device or FIFO in place, an existing file only with --force. */
    private static void writeAtomically(Path file, String content, boolean force) throws IOException {
        OutputOptions.writeFile(file.toString(), content.getBytes(StandardCharsets.UTF_8), force);
    }
}
