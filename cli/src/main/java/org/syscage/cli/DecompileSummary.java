package org.syscage.cli;

import java.io.PrintWriter;
import org.syscage.core.arch.Arch;
import org.syscage.core.decompile.Decompilation;
import org.syscage.core.decompile.Finding;

/** How {@code decompile} and {@code dump -f profile} tell on stderr what a decompilation found. */
final class DecompileSummary {
    private DecompileSummary() {
    }

    /** One statistics line, then each note and each finding (a path the profile cannot express). */
    static void print(Decompilation r, PrintWriter err) {
        Decompilation.Stats s = r.stats();
        String proof = r.recompiled().map(o -> o.equivalent() ? "compiled back and proved equivalent"
                : o.difference().isPresent() ? "compiled back, differs" : "compiled back, equivalent on samples")
                .orElse("not compiled back");
        err.printf("decompile: %s; %d paths explored over %d syscalls; %d syscalls with rules (%d rules); "
                        + "checked on %d inputs; %s; %d ms%n",
                r.arches().isEmpty() ? "no arch" : String.join(", ", r.arches().stream().map(Arch::toString).toList()),
                s.paths(), s.syscalls(), s.ruledSyscalls(), s.rules(), s.witnessChecks(), proof, s.millis());
        for (String note : r.notes()) {
            err.println("note: " + note);
        }
        for (Finding f : r.findings()) {
            err.print("finding: " + f.render());
        }
        err.flush();
    }

    /** The message of exit status 1 when the profile cannot decide exactly as the filter. */
    static String inexact(int findings, String remedy) {
        return findings + (findings == 1 ? " finding" : " findings")
                + ": the profile cannot decide exactly as the filter" + remedy;
    }
}
