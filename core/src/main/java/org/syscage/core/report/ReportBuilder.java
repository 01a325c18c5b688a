package org.syscage.core.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.inspect.ControlFlowDot;
import org.syscage.core.inspect.DisasmOptions;
import org.syscage.core.inspect.FlowGraph;
import org.syscage.core.lint.Finding;
import org.syscage.core.lint.LintContext;
import org.syscage.core.lint.Linter;
import org.syscage.core.merge.Clause;
import org.syscage.core.merge.ProfileDecisions;
import org.syscage.core.merge.ProfileDiff;
import org.syscage.core.merge.ProfileDiff.SyscallChange;
import org.syscage.core.merge.Treatment;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;
import org.syscage.core.report.ProfileReport.CompiledFilter;
import org.syscage.core.report.ProfileReport.DockerComparison;
import org.syscage.core.report.ProfileReport.FilterSection;
import org.syscage.core.report.ProfileReport.NoFilter;
import org.syscage.core.report.ProfileReport.Overview;
import org.syscage.core.report.ProfileReport.RecordingSummary;
import org.syscage.core.report.ProfileReport.Standing;
import org.syscage.core.report.ProfileReport.SyscallGroup;
import org.syscage.core.report.ProfileReport.SyscallRow;

/**
 * Gathers a {@link ProfileReport}: the profile as the runtime reads it ({@link ProfileDecisions}),
 * lint's findings, the difference from Docker's default ({@link ProfileDiff}), the filter runc
 * would load ({@link Compiler}) and, when given, a recording's counts.
 *
 * <pre>{@code
 * LocatedProfile p = ProfileReader.readLocated(Path.of("app.json"));
 * ProfileReport report = ReportBuilder.build(p, ResolveOptions.host(),
 *         Optional.of(RecordingSidecar.read(Path.of("app.json.report.json"))));
 * String html = ReportHtml.render(report);
 * }</pre>
 */
public final class ReportBuilder {
    /** The most restrictive verdict that may still let a call through. */
    private static final Verdict LEAST_THROUGH = new Verdict(Action.NOTIFY, 0);

    private ReportBuilder() {}

    /**
     * The report on {@code profile} for {@code container} (the arch, kernel and capabilities a
     * Docker-format profile is resolved for; its arch is the native arch of the filter).
     *
     * @throws InputException when a Docker-format profile cannot be resolved for the container
     */
    public static ProfileReport build(LocatedProfile profile, ResolveOptions container,
                                      Optional<RecordingSidecar> recording) {
        Profile original = profile.profile();
        Profile resolved = original.isDockerFormat() ? DockerResolver.resolve(original, container) : original;
        Arch arch = container.arch();
        ProfileDecisions decisions = ProfileDecisions.of(resolved);

        List<Finding> findings = Linter.lint(original, new LintContext(profile.locations(), container));
        Overview overview = new Overview(profile.locations().file(), decisions.defaultVerdict().label(),
                decisions.effectiveArches(arch).stream().map(Arch::kernelName).toList(), container,
                original.isDockerFormat(), resolved.syscalls().size());
        List<SyscallGroup> groups = groups(resolved, decisions, recording);
        return new ProfileReport(overview, groups, recording.map(r -> summary(r, groups)), findings,
                compareWithDocker(decisions, container), filter(resolved, arch));
    }

    /** Every name a rule names or the recording saw, once, in the group of its kind. */
    static List<SyscallGroup> groups(Profile resolved, ProfileDecisions decisions, Optional<RecordingSidecar> recording) {
        SortedMap<String, List<String>> comments = new TreeMap<>();
        for (SyscallRule rule : resolved.syscalls()) {
            for (String name : rule.names()) {
                List<String> c = comments.computeIfAbsent(name, k -> new ArrayList<>());
                if (rule.comment() != null && !rule.comment().isBlank() && !c.contains(rule.comment())) {
                    c.add(rule.comment());
                }
            }
        }
        Map<String, List<RecordingSidecar.Use>> uses = recording.map(RecordingSidecar::byName).orElse(Map.of());
        TreeSet<String> names = new TreeSet<>(comments.keySet());
        names.addAll(uses.keySet());

        Map<SyscallKind, List<SyscallRow>> byKind = new EnumMap<>(SyscallKind.class);
        for (SyscallKind k : SyscallKind.values()) {
            if (k != SyscallKind.UNKNOWN) {
                byKind.put(k, new ArrayList<>());
            }
        }
        for (String name : names) {
            Treatment t = decisions.treatment(name);
            SyscallRow row = new SyscallRow(name, t.label(), standing(t), comments.containsKey(name),
                    comments.getOrDefault(name, List.of()), uses.getOrDefault(name, List.of()));
            byKind.computeIfAbsent(SyscallKind.of(name), k -> new ArrayList<>()).add(row);
        }
        return byKind.entrySet().stream().map(e -> new SyscallGroup(e.getKey(), e.getValue())).toList();
    }

    /** ALLOW, LOG, TRACE and NOTIFY let a call through (NOTIFY: if the supervisor says so). */
    static Standing standing(Treatment t) {
        List<Verdict> verdicts = new ArrayList<>(t.clauses().stream().map(Clause::verdict).toList());
        verdicts.add(t.fallback());
        long through = verdicts.stream().filter(ReportBuilder::letsThrough).count();
        return through == verdicts.size() ? Standing.ALLOWED : through == 0 ? Standing.DENIED : Standing.CONDITIONAL;
    }

    private static boolean letsThrough(Verdict v) {
        return v.atLeast(LEAST_THROUGH);
    }

    private static RecordingSummary summary(RecordingSidecar recording, List<SyscallGroup> groups) {
        List<SyscallRow> rows = groups.stream().flatMap(g -> g.rows().stream()).toList();
        long calls = recording.uses().stream().mapToLong(RecordingSidecar.Use::count).sum();
        int recorded = (int) recording.uses().stream().filter(RecordingSidecar.Use::recorded)
                .map(RecordingSidecar.Use::name).distinct().count();
        List<String> denied = rows.stream().filter(SyscallRow::recordedButDenied).map(SyscallRow::name).sorted().toList();
        List<String> missing = rows.stream()
                .filter(r -> !r.named() && r.uses().stream().anyMatch(RecordingSidecar.Use::recorded))
                .map(SyscallRow::name).sorted().toList();
        return new RecordingSummary(recording.file(), calls, recorded, denied, missing);
    }

    /**
     * Docker's default for a container with Docker's default capabilities on the same arch and
     * kernel as A, the profile as B: "more" is what B lets through that A does not.
     */
    static DockerComparison compareWithDocker(ProfileDecisions decisions, ResolveOptions container) {
        ResolveOptions dockerContainer = ResolveOptions.docker(container.arch(), container.kernel());
        ProfileDecisions docker = ProfileDecisions.of(DockerResolver.resolve(BuiltinProfiles.dockerDefault(), dockerContainer));
        ProfileDiff diff = ProfileDiff.between(docker, decisions, container.arch());
        List<SyscallChange> more = new ArrayList<>();
        List<SyscallChange> less = new ArrayList<>();
        List<SyscallChange> otherwise = new ArrayList<>();
        for (SyscallChange c : diff.syscalls()) {
            boolean profileMore = !c.a().covers(c.b());
            boolean dockerMore = !c.b().covers(c.a());
            if (profileMore) {
                more.add(c);
            }
            if (dockerMore) {
                less.add(c);
            }
            if (!profileMore && !dockerMore) {
                otherwise.add(c);
            }
        }
        return new DockerComparison(dockerContainer, diff, more, less, otherwise);
    }

    /** runc's filter for the profile on {@code arch}, or the compiler's reason why there is none. */
    static FilterSection filter(Profile resolved, Arch arch) {
        try {
            Compiler.Result result = Compiler.compile(resolved, CompileOptions.runc(arch));
            DisasmOptions options = DisasmOptions.of(arch);
            var program = result.program().instructions();
            return new CompiledFilter(arch.kernelName(), result.warnings(), FlowGraph.of(program, options),
                    ControlFlowDot.render(program, options));
        } catch (InputException e) {
            return new NoFilter(e.getMessage());
        }
    }
}
