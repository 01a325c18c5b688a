package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.profile.Profile;
import org.syscage.core.syscalls.SyscallTable;

/**
 * syscage against Debian's libseccomp 2.5.4 as runc drives it, on random profiles that stress
 * rule merging (few names, repeated argument indexes, every op and action, 64-bit boundary
 * values, socket/ipc multiplexing, profiles above runc's 32-name threshold for the binary tree).
 * Per profile: both refuse it or neither does; the libseccomp program syscage reproduces is
 * byte for byte libseccomp's; the optimized program decides as libseccomp's on every syscall
 * number of every arch with boundary arguments, and for every input (symbolic proof) on every
 * 50th profile; and the spec's reference semantics agrees with libseccomp's program on sampled
 * inputs. Profiles per native arch: {@code -Ddiff.profiles}: 150 in the regular build (a few
 * minutes), 3400 for the full acceptance run of 10,200 profiles.
 */
class LibseccompDifferentialTest {
    private static final int PROFILES = Integer.getInteger("diff.profiles", 150);
    private static final int PROOF_EVERY = 50;

    @ParameterizedTest(name = "native {0}, arches {1}")
    @CsvSource({"x86_64, x86_64 x86 x32, 1", "x86, x86, 2", "aarch64, aarch64 arm, 3"})
    void decidesLikeLibseccomp(String nativeName, String pool, long seed) {
        Arch nativeArch = Arch.parse(nativeName);
        List<Arch> arches = java.util.Arrays.stream(pool.split(" ")).map(Arch::parse).toList();
        RandomProfiles gen = new RandomProfiles(seed);
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            List<Arch> listed = new ArrayList<>();
            for (Arch a : arches) {
                if (gen.nextInt(2) == 0) {
                    listed.add(a);
                }
            }
            profiles.add(gen.profile(listed));
        }
        List<LibseccompOracle.Answer> answers = LibseccompOracle.run(profiles, nativeArch);
        int proven = 0;
        for (int i = 0; i < profiles.size(); i++) {
            Profile p = profiles.get(i);
            LibseccompOracle.Answer theirs = answers.get(i);
            String where = "profile " + i + ": " + RandomProfiles.json(p);
            Compiler.Result ours;
            try {
                ours = Compiler.compile(p, CompileOptions.runc(nativeArch).withVerify(false));
            } catch (CompileException e) {
                assertTrue(theirs.error() != null, "syscage refuses, libseccomp does not (" + e.getMessage() + "): " + where);
                continue;
            }
            assertEquals(null, theirs.error(), "libseccomp refuses, syscage does not: " + where);
            assertEquals(theirs.program(), ours.libseccompProgram(), "libseccomp's program differs from syscage's reproduction: " + where);
            everySyscall(ours, theirs.program(), gen, where);
            if (i % PROOF_EVERY == 0) {
                // the symbolic proof is exact but can take seconds on argument-heavy profiles
                Equivalence.Verdict v = Equivalence.compare(ours.program(), theirs.program(),
                        Equivalence.Domain.anyInput(nativeArch.littleEndian()));
                assertTrue(v.difference().isEmpty(), () -> "decision differs on " + v.difference().get() + ": " + where);
                proven += v.exhaustive() ? 1 : 0;
            }
            sampleSpec(ours.spec(), theirs.program(), gen, where);
        }
        System.out.printf("native %s: %d profiles checked on every syscall number, %d also proven equivalent%n",
                nativeArch, profiles.size(), proven);
    }

    /** Every syscall number of every arch (and the special ones), with boundary arguments. */
    private static void everySyscall(Compiler.Result ours, BpfProgram theirs, RandomProfiles gen, String where) {
        for (Arch a : ours.spec().arches()) {
            SyscallTable t = SyscallTable.of(a);
            int bias = a.syscallBias();
            List<Integer> nrs = new ArrayList<>();
            for (int nr = bias; nr <= t.maxNumber() + 1; nr++) {
                nrs.add(nr);
            }
            nrs.addAll(List.of(-1, 0x40000000, 0x80000000));
            for (int nr : nrs) {
                for (int k = 0; k < 4; k++) {
                    SeccompData d = SeccompData.of(a, nr, gen.args());
                    assertEquals(ActionValue.describe(Emulator.decide(theirs, d, a)),
                            ActionValue.describe(Emulator.decide(ours.program(), d, a)), d + ": " + where);
                }
            }
        }
    }

    private static void sampleSpec(FilterSpec spec, BpfProgram theirs, RandomProfiles gen, String where) {
        for (Arch a : spec.arches()) {
            for (String name : RandomProfiles.NAMES) {
                int nr = SyscallTable.of(a).number(name).orElse(a.syscallBias() + 1000);
                for (int k = 0; k < 8; k++) {
                    SeccompData d = SeccompData.of(a, nr, gen.args());
                    assertEquals(ActionValue.describe(Emulator.decide(theirs, d, a)),
                            ActionValue.describe(spec.decide(d).action()), d + ": " + where);
                }
            }
        }
    }
}
