package org.syscage.core.merge;

import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;

/** Short ways to write the profiles of the merge and diff tests. */
final class Profiles {
    private Profiles() {}

    static Profile profile(Action defaultAction, List<Arch> arches, SyscallRule... rules) {
        return Profile.of(defaultAction, arches, List.of(rules));
    }

    static SyscallRule rule(Action action, String... names) {
        return SyscallRule.of(List.of(names), action);
    }

    static SyscallRule errno(int errno, String... names) {
        return new SyscallRule(List.of(names), Action.ERRNO, errno, List.of(), null, Filter.EMPTY, Filter.EMPTY);
    }

    static SyscallRule when(Action action, ArgCondition condition, String... names) {
        return SyscallRule.of(List.of(names), action, condition);
    }

    static ArgCondition eq(int index, long value) {
        return ArgCondition.of(index, Op.EQ, value);
    }

    static List<Arch> x86_64() {
        return List.of(Arch.X86_64);
    }
}
