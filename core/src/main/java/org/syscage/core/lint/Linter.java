package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.profile.Profile;

/**
 * Reviews a profile: every {@link LintRule} on one {@link ProfileView}. Findings come sorted by
 * location (profile-wide ones first), then rule id.
 *
 * <pre>{@code
 * LocatedProfile p = ProfileReader.readLocated(Path.of("app.json"));
 * List<Finding> findings = Linter.lint(p.profile(),
 *         new LintContext(p.locations(), ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8))));
 * }</pre>
 */
public final class Linter {

    /** Every rule, in id order. */
    public static final List<LintRule> RULES = List.of(
            new DangerousAllow(), new NamespaceCreation(), new UnrestrictedPersonality(), new CompatArchDoor(),
            new Architectures(), new RuleEqualsDefault(), new DuplicateRule(), new ShadowedRule(), new AllowAndDeny(),
            new RepeatedArgumentIndex(), new HighWordOn32Bit(), new MultiplexerDoor(), new ErrnoMisuse(),
            new UnknownSyscall(), new NotOnArch(), new NotifyWithoutListener(), new DeniesExecve(), new DenyList(),
            new DockerFilters(), new ConflictingRules());

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.location().map(SourceLocation::line).orElse(0))
            .thenComparing(f -> f.location().map(SourceLocation::column).orElse(0))
            .thenComparing(Finding::id);

    private Linter() {}

    /**
     * The findings of every rule for {@code profile} in {@code context}'s container.
     *
     * @throws org.syscage.core.InputException when a Docker-format profile cannot be resolved
     *         for the container (e.g. a malformed minKernel, an arch no dockerd runs on)
     */
    public static List<Finding> lint(Profile profile, LintContext context) {
        ProfileView view = ProfileView.of(profile, context);
        List<Finding> all = new ArrayList<>();
        for (LintRule rule : RULES) {
            all.addAll(rule.check(view));
        }
        all.sort(ORDER);
        return List.copyOf(all);
    }

    /** Whether any finding is at least as severe as {@code threshold}. */
    public static boolean reaches(List<Finding> findings, Severity threshold) {
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
    }

    /** The rule with this id ({@code SC001}) or name ({@code dangerous-allow}). */
    public static java.util.Optional<LintRule> rule(String idOrName) {
        return RULES.stream().filter(r -> r.id().equalsIgnoreCase(idOrName) || r.name().equals(idOrName)).findFirst();
    }
}
