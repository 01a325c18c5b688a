package org.syscage.core.explain;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.docker.RuleDecision;
import org.syscage.core.profile.Profile;

/**
 * A profile as written and as runc receives it for one container, with the link between their
 * rules: a Docker-format profile is resolved as dockerd resolves it (rules dropped by their
 * includes/excludes), any other is used as is.
 */
public final class ResolvedProfile {
    private final Profile written;
    private final Profile resolved;
    private final List<RuleDecision> decisions;
    private final int[] writtenIndex;

    private ResolvedProfile(Profile written, Profile resolved, List<RuleDecision> decisions, int[] writtenIndex) {
        this.written = written;
        this.resolved = resolved;
        this.decisions = decisions;
        this.writtenIndex = writtenIndex;
    }

    /**
     * Resolves {@code written} for the container.
     *
     * @throws org.syscage.core.InputException when dockerd would refuse the profile or the arch
     */
    public static ResolvedProfile of(Profile written, ResolveOptions container) {
        if (!written.isDockerFormat()) {
            int[] identity = new int[written.syscalls().size()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            return new ResolvedProfile(written, written, List.of(), identity);
        }
        Profile resolved = DockerResolver.resolve(written, container);
        List<RuleDecision> decisions = written.syscalls().stream().map(r -> DockerResolver.decide(r, container)).toList();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).kept()) {
                kept.add(i);
            }
        }
        return new ResolvedProfile(written, resolved, decisions, kept.stream().mapToInt(Integer::intValue).toArray());
    }

    public Profile written() {
        return written;
    }

    /** The plain profile runc receives. */
    public Profile resolved() {
        return resolved;
    }

    public boolean dockerFormat() {
        return written.isDockerFormat();
    }

    /** dockerd's decision on each written rule; empty for a profile that is not Docker-format. */
    public List<RuleDecision> decisions() {
        return decisions;
    }

    /** The written rule behind the resolved rule {@code resolvedIndex}. */
    public int writtenIndex(int resolvedIndex) {
        return writtenIndex[resolvedIndex];
    }
}
