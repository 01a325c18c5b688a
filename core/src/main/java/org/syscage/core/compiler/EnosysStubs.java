package org.syscage.core.compiler;

import java.util.List;
import org.syscage.core.profile.Profile;

/** Placeholder until the stub lands. */
final class EnosysStubs {
    record Applied(FilterSpec spec, List<String> warnings) {
    }

    static Applied apply(FilterSpec spec, Profile profile) {
        return new Applied(spec, List.of());
    }
}
