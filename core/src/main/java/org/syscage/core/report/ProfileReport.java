package org.syscage.core.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.inspect.FlowGraph;
import org.syscage.core.lint.Finding;
import org.syscage.core.merge.ProfileDiff;
import org.syscage.core.merge.ProfileDiff.SyscallChange;

/**
 * What the report page about one profile says, section by section, before any markup: built by
 * {@link ReportBuilder}, drawn by {@link ReportHtml}.
 *
 * @param overview  the profile at a glance
 * @param groups    every syscall the profile names or the recording saw, once, grouped by kind
 *                  (every kind present, in {@link SyscallKind} order; {@link SyscallKind#UNKNOWN}
 *                  only when some name is unknown)
 * @param recording what the recording adds, when one was given
 * @param findings  lint's findings, in lint's order
 * @param docker    the difference from Docker's default profile
 * @param filter    the compiled filter, or why there is none
 */
public record ProfileReport(Overview overview, List<SyscallGroup> groups, Optional<RecordingSummary> recording,
                            List<Finding> findings, DockerComparison docker, FilterSection filter) {
    public ProfileReport {
        Objects.requireNonNull(overview, "overview");
        groups = List.copyOf(groups);
        Objects.requireNonNull(recording, "recording");
        findings = List.copyOf(findings);
        Objects.requireNonNull(docker, "docker");
        Objects.requireNonNull(filter, "filter");
    }

    /**
     * @param source         the profile as the user named it
     * @param defaultAction  the default verdict, e.g. {@code ERRNO(1)}
     * @param arches         the arches the runtime's filter covers (native first), kernel names
     * @param container      the container a Docker-format profile was resolved for (and lint ran for)
     * @param dockerFormat   whether the profile needed resolving (archMap, includes/excludes)
     * @param rules          how many rules the (resolved) profile has
     */
    public record Overview(String source, String defaultAction, List<String> arches, ResolveOptions container,
                           boolean dockerFormat, int rules) {
        public Overview {
            arches = List.copyOf(arches);
        }
    }

    /** The syscalls of one kind, sorted by name. */
    public record SyscallGroup(SyscallKind kind, List<SyscallRow> rows) {
        public SyscallGroup {
            rows = List.copyOf(rows);
        }
    }

    /** How a syscall fares under the profile, for the eye: colour and filter by this. */
    public enum Standing {
        /** Let through whatever the arguments (ALLOW, LOG, TRACE, NOTIFY count as through). */
        ALLOWED,
        /** Let through for some arguments only. */
        CONDITIONAL,
        /** Never let through (ERRNO, TRAP, KILL). */
        DENIED
    }

    /**
     * One syscall.
     *
     * @param name     as written in the profile or recording (may be anything; escape it)
     * @param decision what the profile does with it, e.g. {@code ALLOW}, {@code ERRNO(1)},
     *                 {@code ALLOW when arg0 == 1; otherwise ERRNO(1)}
     * @param named    whether a rule of the profile names it (else it gets the default)
     * @param comments the comments of the rules naming it (Docker profiles have them)
     * @param uses     what the recording says about it, per arch (empty without a recording)
     */
    public record SyscallRow(String name, String decision, Standing standing, boolean named, List<String> comments,
                             List<RecordingSidecar.Use> uses) {
        public SyscallRow {
            comments = List.copyOf(comments);
            uses = List.copyOf(uses);
        }

        /** Calls recorded on every arch together. */
        public long recordedCalls() {
            return uses.stream().mapToLong(RecordingSidecar.Use::count).sum();
        }

        /** Whether the command called it although the profile never lets it through. */
        public boolean recordedButDenied() {
            return standing == Standing.DENIED && uses.stream().anyMatch(RecordingSidecar.Use::recorded);
        }
    }

    /**
     * @param file           the sidecar as the user named it
     * @param calls          calls recorded, all syscalls and arches together
     * @param syscalls       distinct names recorded
     * @param deniedRecorded names the command called that the profile denies (sorted)
     * @param notInProfile   names the command called that no rule of the profile names (sorted)
     */
    public record RecordingSummary(String file, long calls, int syscalls, List<String> deniedRecorded,
                                   List<String> notInProfile) {
        public RecordingSummary {
            deniedRecorded = List.copyOf(deniedRecorded);
            notInProfile = List.copyOf(notInProfile);
        }
    }

    /**
     * The profile against Docker's default resolved for the same arch and kernel with Docker's
     * default capabilities ({@link ProfileDiff} with Docker's default as A, the profile as B).
     *
     * @param dockerContainer the container Docker's default was resolved for
     * @param diff            the whole semantic difference
     * @param allowsMore      syscalls this profile lets through (for some arguments) where Docker's does not
     * @param allowsLess      syscalls Docker's default lets through (for some arguments) where this does not
     * @param otherwise       syscalls decided differently but neither lets more through (ERRNO(1) vs ERRNO(38))
     */
    public record DockerComparison(ResolveOptions dockerContainer, ProfileDiff diff, List<SyscallChange> allowsMore,
                                   List<SyscallChange> allowsLess, List<SyscallChange> otherwise) {
        public DockerComparison {
            allowsMore = List.copyOf(allowsMore);
            allowsLess = List.copyOf(allowsLess);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** The filter section: the compiled program, or why the profile does not compile. */
    public sealed interface FilterSection {}

    /**
     * @param arch     the native arch it was compiled for (runc's filter)
     * @param warnings the compiler's warnings (skipped names, quirks hit)
     * @param graph    the program's control-flow graph
     * @param dot      the same graph in Graphviz dot
     */
    public record CompiledFilter(String arch, List<String> warnings, FlowGraph graph, String dot)
            implements FilterSection {
        public CompiledFilter {
            warnings = List.copyOf(warnings);
        }
    }

    /** @param reason the compiler's one-line complaint */
    public record NoFilter(String reason) implements FilterSection {}
}
