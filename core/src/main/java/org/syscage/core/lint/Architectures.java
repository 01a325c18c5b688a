package org.syscage.core.lint;

import java.util.ArrayList;
import java.util.List;
import org.syscage.core.arch.Arch;

/**
 * SC005: the profile's architectures do not fit the machine it runs on: the native arch is not
 * listed, a listed arch has the other byte order (runc refuses the profile), or a Docker archMap
 * has no entry for the arch dockerd runs on.
 */
record Architectures() implements LintRule {
    @Override public String id() { return "SC005"; }
    @Override public String name() { return "architectures"; }
    @Override public Severity severity() { return Severity.WARNING; }
    @Override public String summary() { return "The profile's architectures miss the arch it runs on, or mix byte orders."; }
    @Override public String help() {
        return "runc always filters the arch it runs on (libseccomp's native arch) and adds the listed ones. A "
                + "profile that does not list the arch it runs on was probably written for another machine; its "
                + "compat arches (x86 and x32 for x86_64, arm for aarch64) are then missing too, so 32-bit programs "
                + "are killed. An arch of the other byte order cannot be added: libseccomp refuses and the container "
                + "does not start. Docker's archMap needs an entry for the arch dockerd runs on.";
    }

    @Override
    public List<Finding> check(ProfileView view) {
        List<Finding> out = new ArrayList<>();
        Arch nativeArch = view.nativeArch();
        List<Arch> listed = view.resolved().architectures();
        if (!view.refusedArches().isEmpty()) {
            out.add(finding(Severity.ERROR, "architectures lists " + Rules.arches(view.refusedArches())
                            + ", whose byte order differs from " + nativeArch.kernelName()
                            + "'s: libseccomp cannot add it to the filter and runc refuses the profile.",
                    view.field("architectures"),
                    "remove " + String.join(", ", view.refusedArches().stream().map(Arch::ociName).toList())
                            + " from architectures (one profile per byte order)", List.of()));
        }
        if (view.dockerFormat() && !view.written().archMap().isEmpty() && listed.isEmpty()) {
            out.add(finding(Severity.WARNING, "archMap has no entry for " + nativeArch.kernelName()
                            + ", the arch dockerd runs on: the resolved profile lists no architectures, so only "
                            + nativeArch.kernelName() + " is filtered and its compat programs are killed.",
                    view.field("archMap"),
                    "add an archMap entry {\"architecture\": \"" + nativeArch.ociName() + "\", \"subArchitectures\": [...]}",
                    List.of()));
        } else if (!listed.isEmpty() && !listed.contains(nativeArch)) {
            out.add(finding(Severity.WARNING, "architectures lists " + Rules.arches(listed) + " but not "
                            + nativeArch.kernelName() + ", the arch the profile runs on: runc filters "
                            + nativeArch.kernelName() + " anyway, but the profile was probably meant for another "
                            + "machine.",
                    view.field("architectures"),
                    "add " + nativeArch.ociName() + " (and its compat arches if 32-bit programs run) to architectures, "
                            + "or lint with --arch for the machine the profile is for",
                    List.of()));
        }
        return out;
    }
}
