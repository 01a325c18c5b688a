package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.docker.RuleDecision;
import org.syscage.core.explain.FilterModel;
import org.syscage.core.explain.ResolvedProfile;
import org.syscage.core.format.ProfileLocations;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.profile.Profile;

/**
 * One profile seen the three ways lint looks at it: as written (with locations), as resolved for
 * the container (a Docker-format profile as dockerd resolves it; any other as is), and as the
 * filter runc builds from the resolved profile for each of its arches.
 *
 * <p>Rule indexes of the resolved profile ("resolved indexes") differ from those of the written
 * one when dockerd dropped rules; {@link #writtenIndex} maps one to the other, and the location
 * helpers take resolved indexes.
 */
public final class ProfileView {
    private final ResolvedProfile profile;
    private final ProfileLocations locations;
    private final ResolveOptions options;
    private final List<Arch> arches;
    private final List<Arch> refusedArches;
    private final Map<Arch, FilterModel> filters = new EnumMap<>(Arch.class);

    private ProfileView(Profile written, LintContext context) {
        this.locations = context.locations();
        this.options = context.options();
        this.profile = ResolvedProfile.of(written, options);
        List<Arch> filterArches = new ArrayList<>();
        List<Arch> refused = new ArrayList<>();
        Arch nativeArch = options.arch();
        filterArches.add(nativeArch);
        for (Arch a : profile.resolved().architectures()) {
            if (filterArches.contains(a) || refused.contains(a)) {
                continue;
            }
            // libseccomp refuses to mix byte orders in one filter (EDOM), and runc with it
            (a.littleEndian() == nativeArch.littleEndian() ? filterArches : refused).add(a);
        }
        this.arches = List.copyOf(filterArches);
        this.refusedArches = List.copyOf(refused);
    }

    /** Resolves (for a Docker-format profile) and indexes {@code written} for {@code context}'s container. */
    public static ProfileView of(Profile written, LintContext context) {
        return new ProfileView(written, context);
    }

    public Profile written() {
        return profile.written();
    }

    /** The plain profile runc receives. */
    public Profile resolved() {
        return profile.resolved();
    }

    public boolean dockerFormat() {
        return profile.dockerFormat();
    }

    public ResolveOptions options() {
        return options;
    }

    public ProfileLocations locations() {
        return locations;
    }

    /** For a Docker-format profile, dockerd's decision on each written rule; empty otherwise. */
    public List<RuleDecision> dockerDecisions() {
        return profile.decisions();
    }

    /** The arch runc runs on: libseccomp's native arch, always in the filter. */
    public Arch nativeArch() {
        return options.arch();
    }

    /** The arches of the filter as runc builds it: the native one first, then the listed ones. */
    public List<Arch> arches() {
        return arches;
    }

    /** Listed arches whose byte order differs from the native arch's: libseccomp refuses them. */
    public List<Arch> refusedArches() {
        return refusedArches;
    }

    /** The filter's part for {@code arch}, at the level of rules. */
    public FilterModel filter(Arch arch) {
        return filters.computeIfAbsent(arch, a -> FilterModel.of(profile.resolved(), a));
    }

    /** The native arch's part of the filter. */
    public FilterModel nativeFilter() {
        return filter(nativeArch());
    }

    /** The index in the written profile of the resolved profile's rule {@code resolvedIndex}. */
    public int writtenIndex(int resolvedIndex) {
        return profile.writtenIndex(resolvedIndex);
    }

    /** Where the profile starts (the fallback location of profile-wide findings). */
    public Optional<SourceLocation> profileStart() {
        return locations.profile();
    }

    /** A top-level field, falling back to the profile's start. */
    public Optional<SourceLocation> field(String key) {
        return locations.field(key).or(this::profileStart);
    }

    /** A resolved rule's place in the written profile. */
    public Optional<SourceLocation> rule(int resolvedIndex) {
        return locations.rule(writtenIndex(resolvedIndex)).or(this::profileStart);
    }

    public Optional<SourceLocation> name(int resolvedIndex, int nameIndex) {
        return locations.name(writtenIndex(resolvedIndex), nameIndex).or(this::profileStart);
    }

    public Optional<SourceLocation> ruleField(int resolvedIndex, String key) {
        return locations.ruleField(writtenIndex(resolvedIndex), key).or(this::profileStart);
    }

    public Optional<SourceLocation> arg(int resolvedIndex, int argIndex) {
        return locations.arg(writtenIndex(resolvedIndex), argIndex).or(this::profileStart);
    }

    /** A written rule's place (for checks of rules dockerd may have dropped). */
    public Optional<SourceLocation> writtenRule(int writtenIndex) {
        return locations.rule(writtenIndex).or(this::profileStart);
    }

    public Optional<SourceLocation> writtenName(int writtenIndex, int nameIndex) {
        return locations.name(writtenIndex, nameIndex).or(this::profileStart);
    }

    /** How messages refer to a written rule: {@code the rule at line 12}, else {@code syscalls[3]}. */
    public String describeWrittenRule(int writtenIndex) {
        return locations.rule(writtenIndex).map(l -> "the rule at line " + l.line()).orElse("syscalls[" + writtenIndex + "]");
    }

    /** How messages refer to a resolved rule: {@code the rule at line 12}, else {@code syscalls[3]}. */
    public String describeRule(int resolvedIndex) {
        return describeWrittenRule(writtenIndex(resolvedIndex));
    }
}
