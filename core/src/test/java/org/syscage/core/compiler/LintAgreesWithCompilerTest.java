package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.lint.Finding;
import org.syscage.core.lint.LintContext;
import org.syscage.core.lint.Linter;
import org.syscage.core.lint.Severity;
import org.syscage.core.profile.Profile;

/**
 * lint's SC020 error and compile's libseccomp refusal are one judgement: over random profiles
 * that collide rules on purpose, lint reports the error exactly when compile refuses, at the
 * rule compile refuses.
 */
class LintAgreesWithCompilerTest {
    private static final ResolveOptions CONTAINER = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));

    @Property(tries = 400)
    void sc020IsAnErrorExactlyWhenCompileRefuses(@ForAll long seed, @ForAll boolean oneArch) {
        List<Arch> arches = oneArch ? List.of(Arch.X86_64) : List.of(Arch.X86_64, Arch.X86, Arch.X32);
        Profile profile = new RandomProfiles(seed).profile(arches);
        String refused = null;
        try {
            Compiler.compile(profile, CompileOptions.runc(Arch.X86_64).withVerify(false));
        } catch (RuleRefusedException e) {
            refused = e.syscall();
        } catch (CompileException e) {
            // refused for another reason (too long a program): not SC020's business
        }
        List<Finding> errors = Linter.lint(profile, LintContext.of(CONTAINER)).stream()
                .filter(f -> f.id().equals("SC020") && f.severity() == Severity.ERROR)
                .toList();
        assertEquals(refused == null ? List.of() : List.of(List.of(refused)),
                errors.stream().map(Finding::syscalls).toList(), RandomProfiles.json(profile));
    }
}
