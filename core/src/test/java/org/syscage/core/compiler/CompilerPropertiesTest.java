package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.syscalls.SyscallTable;

/** Properties of every compiled program, over random profiles (no libseccomp needed). */
class CompilerPropertiesTest {
    private static Compiler.Result compile(long seed, boolean stub) {
        RandomProfiles gen = new RandomProfiles(seed);
        try {
            return Compiler.compile(gen.profile(List.of(Arch.X86_64, Arch.X86, Arch.X32)),
                    CompileOptions.runc(Arch.X86_64).withEnosysStub(stub).withVerify(false));
        } catch (CompileException e) {
            return null; // a profile runc refuses too
        }
    }

    @Property(tries = 200)
    void everyProgramPassesTheKernelsChecks(@ForAll long seed, @ForAll boolean stub) {
        Compiler.Result r = compile(seed, stub);
        if (r != null) {
            Verifier.verify(r.program());
        }
    }

    /** libseccomp's own program for the profile (what runc would load) is never the shorter one. */
    @Property(tries = 1000)
    void neverLongerThanLibseccompsProgram(@ForAll long seed, @ForAll boolean oneArch) {
        RandomProfiles gen = new RandomProfiles(seed);
        List<Arch> arches = oneArch ? List.of(Arch.X86_64) : List.of(Arch.X86_64, Arch.X86, Arch.X32);
        Compiler.Result r;
        try {
            r = Compiler.compile(gen.profile(arches), CompileOptions.runc(Arch.X86_64));
        } catch (CompileException e) {
            return; // a profile runc refuses too
        }
        assertTrue(r.program().size() <= r.libseccompProgram().size(),
                r.program().size() + " instructions against libseccomp's " + r.libseccompProgram().size());
    }

    @Property(tries = 200)
    void theProgramDecidesAsTheSpecOnBoundaryInputs(@ForAll long seed, @ForAll boolean stub) {
        Compiler.Result r = compile(seed, stub);
        if (r == null) {
            return;
        }
        RandomProfiles args = new RandomProfiles(~seed);
        for (Arch a : List.of(Arch.X86_64, Arch.X86, Arch.X32, Arch.AARCH64)) {
            for (String name : RandomProfiles.NAMES) {
                int nr = SyscallTable.of(a).number(name).orElse(a.syscallBias() + 999);
                for (int k = 0; k < 5; k++) {
                    SeccompData d = SeccompData.of(a, nr, args.args());
                    assertEquals(ActionValue.describe(r.spec().decide(d).action()),
                            ActionValue.describe(Emulator.decide(r.program(), d, a)), d.toString());
                }
            }
        }
    }
}
