package org.syscage.core.explain;

import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.oracle.LibseccompOracle.Job;
import org.syscage.core.oracle.LibseccompOracle.OracleResult;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Filter;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * The rule-level model against libseccomp itself: random small profiles are built by Debian's
 * libseccomp (as runc builds them), the programs run on many argument vectors, and every answer
 * the model calls exact must be libseccomp's. Profiles libseccomp refuses must be ones the model
 * does not call exact throughout.
 */
class FilterModelDifferentialTest {
    private static final List<String> SYSCALLS = List.of("getpid", "read", "socket", "personality");
    private static final List<Action> ACTIONS = List.of(Action.ALLOW, Action.ERRNO, Action.LOG, Action.KILL_PROCESS,
            Action.TRAP);
    private static final long[] VALUES = {0, 1, 2, 3, 5, 0x7F, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x1_0000_0002L, -1L};
    private static final Op[] OPS = Op.values();
    private static final int PROFILES = 1500;

    private static LibseccompOracle oracle;

    @BeforeAll
    static void oracleIsInstalled() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        oracle = new LibseccompOracle();
    }

    record Case(Profile profile, Arch arch) {}

    @Test
    void exactAnswersAreLibseccompsOnX86_64AndI386() {
        Random random = new Random(Long.getLong("seed", 20260507L));
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < PROFILES; i++) {
            cases.add(new Case(randomProfile(random), i % 3 == 0 ? Arch.X86 : Arch.X86_64));
        }
        List<Job> jobs = cases.stream()
                .map(c -> new Job(ProfileWriter.write(c.profile(), ProfileFormat.OCI), Arch.X86_64,
                        c.arch() == Arch.X86 ? List.of(Arch.X86) : List.of(), null, 0))
                .toList();
        List<OracleResult> results = oracle.build(jobs);

        int compared = 0;
        int refused = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            FilterModel model = FilterModel.of(c.profile(), c.arch());
            OracleResult built = results.get(i);
            if (!built.ok()) {
                refused++;
                boolean someInexact = model.all().values().stream().anyMatch(r -> !r.exactForAllArguments());
                assertTrue(someInexact, "libseccomp refused (" + built.error() + ") a profile the model calls exact: "
                        + c.profile());
                continue;
            }
            List<Insn> program = built.instructions(c.arch());
            for (String name : SYSCALLS) {
                int nr = SyscallTable.of(c.arch()).number(name).orElseThrow();
                for (long[] args : argumentVectors()) {
                    Decision d = model.decide(name, args);
                    if (!d.exact() || d.cause() == Decision.Cause.ENOSYS_STUB) {
                        continue;
                    }
                    int expected = Emulator.decide(BpfProgram.of(program), SeccompData.of(c.arch(), nr, args), c.arch());
                    assertEquals(Integer.toHexString(expected), Integer.toHexString(ret(d.verdict())),
                            () -> c.arch() + " " + name + " " + java.util.Arrays.toString(args) + " under " + c.profile());
                    compared++;
                }
            }
        }
        assertTrue(compared > 10_000, "compared only " + compared + " answers");
        assertTrue(refused < PROFILES / 2, "libseccomp refused " + refused + " of " + PROFILES);
    }

    private static int ret(Verdict v) {
        return v.action().seccompRet() | v.value();
    }

    private static List<long[]> argumentVectors() {
        List<long[]> vectors = new ArrayList<>();
        for (long a0 : VALUES) {
            for (long a1 : new long[] {0, 2, 0x1_0000_0002L}) {
                vectors.add(new long[] {a0, a1, 0, 0, 0, 0});
            }
        }
        return vectors;
    }

    private static Profile randomProfile(Random random) {
        Action defaultAction = random.nextBoolean() ? Action.ERRNO : Action.ALLOW;
        int ruleCount = 1 + random.nextInt(4);
        List<SyscallRule> rules = new ArrayList<>();
        for (int r = 0; r < ruleCount; r++) {
            Set<String> names = new LinkedHashSet<>();
            int nameCount = 1 + random.nextInt(2);
            while (names.size() < nameCount) {
                names.add(SYSCALLS.get(random.nextInt(SYSCALLS.size())));
            }
            Action action = ACTIONS.get(random.nextInt(ACTIONS.size()));
            Integer errnoRet = action == Action.ERRNO && random.nextBoolean() ? 1 + random.nextInt(3) : null;
            List<ArgCondition> args = new ArrayList<>();
            int argCount = random.nextInt(3);
            for (int a = 0; a < argCount; a++) {
                Op op = OPS[random.nextInt(OPS.length)];
                int index = random.nextInt(2);
                long value = VALUES[random.nextInt(VALUES.length)];
                args.add(op == Op.MASKED_EQ
                        ? ArgCondition.maskedEq(index, value, VALUES[random.nextInt(VALUES.length)] & value)
                        : ArgCondition.of(index, op, value));
            }
            rules.add(new SyscallRule(List.copyOf(names), action, errnoRet, args, null, Filter.EMPTY, Filter.EMPTY));
        }
        return Profile.of(defaultAction, List.of(), rules);
    }
}
