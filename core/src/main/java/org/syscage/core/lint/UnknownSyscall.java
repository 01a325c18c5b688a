package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.syscage.core.format.Suggestions;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * SC014: a name no arch has, usually a typo. runc skips unknown names without an error, so the
 * rule silently does not apply to the syscall that was meant.
 */
record UnknownSyscall() implements LintRule {
    @Override public String id() { return "SC014"; }
    @Override public String name() { return "unknown-syscall"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "A syscall name no architecture has (a typo?)."; }
    @Override public String help() {
        return "runc looks each name up in libseccomp and skips names it does not know, logging at debug level "
                + "only. A misspelt name in an allow rule leaves the syscall denied; in a deny rule of a deny-list "
                + "profile it leaves the syscall allowed. Names are checked against every architecture's table "
                + "(Linux " + SyscallTable.sourceVersion() + ").";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        Profile p = view.written();
        Verdict byDefault = Verdict.of(p.defaultAction(), p.defaultErrnoRet());
        for (int i = 0; i < p.syscalls().size(); i++) {
            SyscallRule rule = p.syscalls().get(i);
            Verdict verdict = Verdict.of(rule.action(), rule.errnoRet());
            for (int j = 0; j < rule.names().size(); j++) {
                String name = rule.names().get(j);
                if (SyscallTable.allNames().contains(name)) {
                    continue;
                }
                Optional<String> meant = Suggestions.closest(name, SyscallTable.allNames());
                boolean opensDoor = verdict.denies() && byDefault.allows();
                String effect = verdict.allows() ? "the syscall meant stays " + byDefault
                        : opensDoor ? "the syscall meant stays allowed" : "the rule does not apply to the syscall meant";
                out.add(finding(opensDoor ? Severity.ERROR : Severity.WARNING,
                        "unknown syscall '" + name + "'" + meant.map(m -> " (did you mean '" + m + "'?)").orElse("")
                                + ": no architecture has it, runc skips it, and " + effect + ".",
                        view.writtenName(i, j),
                        meant.map(m -> "write '" + m + "'").orElse("remove '" + name + "' or correct its spelling"),
                        List.of(name)));
            }
        }
        return out;
    }
}
