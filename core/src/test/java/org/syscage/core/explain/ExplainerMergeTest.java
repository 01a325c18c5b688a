package org.syscage.core.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.oracle.LibseccompOracle.Job;
import org.syscage.core.oracle.LibseccompOracle.OracleResult;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Where argument rules with different verdicts overlap, the rule-level reading cannot tell what
 * libseccomp's merged decision tree answers; explain then takes the compiler's answer. Checked
 * against libseccomp itself (python3-seccomp), and the answer is credited to a rule that says it.
 */
class ExplainerMergeTest {
    private static final String PROFILE = """
            {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
              {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 100, "op": "SCMP_CMP_GT"}]},
              {"names": ["ioctl"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 200, "op": "SCMP_CMP_LT"}]},
              {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 5, "op": "SCMP_CMP_EQ"}]},
              {"names": ["read"], "action": "SCMP_ACT_LOG", "args": [{"index": 1, "value": 7, "op": "SCMP_CMP_EQ"}]}
            ]}
            """;

    @Test
    void overlappingArgumentRulesAreAnsweredAsLibseccompAnswersThem() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle::missingMessage);
        OracleResult built = new LibseccompOracle().build(List.of(new Job(PROFILE, Arch.X86_64, List.of(), null, 0)))
                .getFirst();
        assertTrue(built.ok(), built::error);
        BpfProgram libseccomp = BpfProgram.of(built.instructions(Arch.X86_64));
        LocatedProfile p = ProfileReader.parseLocated("p.json", PROFILE);

        int inexactBefore = 0;
        for (String name : List.of("ioctl", "read")) {
            int nr = SyscallTable.of(Arch.X86_64).number(name).orElseThrow();
            for (long a0 : new long[] {0, 5}) {
                for (long a1 : new long[] {0, 7, 50, 101, 150, 199, 200, 250}) {
                    long[] args = {a0, a1};
                    FilterModel model = FilterModel.of(p.profile(), Arch.X86_64);
                    if (!model.decide(name, args).exact()) {
                        inexactBefore++;
                    }
                    Explanation e = Explainer.explain(p.profile(), p.locations(),
                            new ExplainRequest(name, args, ExplainerTest.AMD64));
                    int expected = Emulator.decide(libseccomp, SeccompData.of(Arch.X86_64, nr, args), Arch.X86_64);
                    String at = name + " " + a0 + " " + a1;
                    assertEquals(Verdict.ofFilterReturn(expected), e.decision().verdict(), at);
                    assertTrue(e.decision().exact(), at);
                    e.decision().rule().ifPresent(r -> assertEquals(e.decision().verdict(), r.verdict(), at));
                }
            }
        }
        assertTrue(inexactBefore >= 4, "the profile must exercise the merge: " + inexactBefore + " inexact answers");
    }

    /** libseccomp compares (arg & mask) with (value & mask): bits of the value outside the mask do not count. */
    @Test
    void maskedEqualityIgnoresValueBitsOutsideTheMaskAsLibseccompDoes() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle::missingMessage);
        String profile = """
                {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                  "args": [{"index": 0, "value": 255, "valueTwo": 511, "op": "SCMP_CMP_MASKED_EQ"}]}]}
                """;
        OracleResult built = new LibseccompOracle().build(List.of(new Job(profile, Arch.X86_64, List.of(), null, 0)))
                .getFirst();
        assertTrue(built.ok(), built::error);
        BpfProgram libseccomp = BpfProgram.of(built.instructions(Arch.X86_64));
        LocatedProfile p = ProfileReader.parseLocated("p.json", profile);
        int nr = SyscallTable.of(Arch.X86_64).number("personality").orElseThrow();
        for (long a0 : new long[] {0xff, 0x1ff, 0x2ff, 0xfe, 0x1fe}) {
            Explanation e = Explainer.explain(p.profile(), p.locations(),
                    new ExplainRequest("personality", new long[] {a0}, ExplainerTest.AMD64));
            int expected = Emulator.decide(libseccomp, SeccompData.of(Arch.X86_64, nr, a0), Arch.X86_64);
            assertEquals(Verdict.ofFilterReturn(expected), e.decision().verdict(), "a0 = 0x" + Long.toHexString(a0));
        }
        assertEquals(Verdict.ALLOW, Explainer.explain(p.profile(), p.locations(),
                new ExplainRequest("personality", new long[] {0xff}, ExplainerTest.AMD64)).decision().verdict());
    }
}
