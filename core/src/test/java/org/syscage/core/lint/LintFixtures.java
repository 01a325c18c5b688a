package org.syscage.core.lint;

import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;

/** Lints profile text for a Docker-default container on x86_64 with Linux 6.8, unless told otherwise. */
final class LintFixtures {
    static final ResolveOptions AMD64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));

    private LintFixtures() {}

    static List<Finding> lint(String profileText) {
        return lint(profileText, AMD64);
    }

    static List<Finding> lint(String profileText, ResolveOptions container) {
        LocatedProfile p = ProfileReader.parseLocated("p.json", profileText);
        return Linter.lint(p.profile(), new LintContext(p.locations(), container));
    }

    /** The findings of one rule. */
    static List<Finding> only(String id, List<Finding> findings) {
        return findings.stream().filter(f -> f.id().equals(id)).toList();
    }

    static List<Finding> lintFor(String id, String profileText) {
        return only(id, lint(profileText));
    }

    static List<Finding> lintFor(String id, String profileText, ResolveOptions container) {
        return only(id, lint(profileText, container));
    }

    static int line(Finding f) {
        return f.location().orElseThrow().line();
    }
}
