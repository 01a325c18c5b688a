package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.Insn;
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
 * inputs. Native arches: x86_64 (with x86 and x32 listed at random), x86, aarch64 (+arm), and the
 * other arches libseccomp 2.5.4 exports: s390x (+s390), ppc64le, ppc64 (+ppc), riscv64, mipsel64
 * and mips64 (+their o32 and n32 ABIs), parisc64 (+parisc). Profiles per native arch:
 * {@code -Ddiff.profiles}: 150 in the regular build, 3400 for the full acceptance run
 * (docs/libseccomp-oracle.md).
 */
class LibseccompDifferentialTest {
    private static final int PROFILES = Integer.getInteger("diff.profiles", 150);
    private static final int PROOF_EVERY = 50;

    @ParameterizedTest(name = "native {0}, arches {1}")
    @CsvSource({"x86_64, x86_64 x86 x32, 1", "x86, x86, 2", "aarch64, aarch64 arm, 3",
            "s390x, s390x s390, 4", "ppc64le, ppc64le, 5", "ppc64, ppc64 ppc, 6", "riscv64, riscv64, 7",
            "mipsel64, mipsel64 mipsel mipsel64n32, 8", "mips64, mips64 mips mips64n32, 9", "parisc64, parisc64 parisc, 10"})
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
        int refused = 0;
        int swappedReturns = 0;
        long inputs = 0;
        for (int i = 0; i < profiles.size(); i++) {
            Profile p = profiles.get(i);
            LibseccompOracle.Answer theirs = answers.get(i);
            String where = "profile " + i + ": " + RandomProfiles.json(p);
            Compiler.Result ours;
            try {
                // libseccomp 2.5.4 loops forever on some rule sets: syscage must not follow it there
                ours = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> Compiler.compile(p, CompileOptions.runc(nativeArch).withVerify(false)), where);
            } catch (CompileException e) {
                assertTrue(theirs.error() != null, "syscage refuses, libseccomp does not (" + e.getMessage() + "): " + where);
                assertEquals(LibseccompOracle.timedOut(theirs), e.getMessage().contains("never finishes"),
                        "syscage refuses (" + e.getMessage() + "), libseccomp: " + theirs.error() + ": " + where);
                refused++;
                continue;
            }
            assertEquals(null, theirs.error(), "libseccomp refuses, syscage does not: " + where);
            BpfProgram theirsNative = asOnANativeHost(theirs.program(), ours.libseccompProgram(), nativeArch);
            swappedReturns += theirsNative == theirs.program() ? 0 : 1;
            assertEquals(theirsNative, ours.libseccompProgram(), "libseccomp's program differs from syscage's reproduction: " + where);
            inputs += everySyscall(ours, theirsNative, gen, where);
            if (i % PROOF_EVERY == 0) {
                // the symbolic proof is exact but can take seconds on argument-heavy profiles
                Equivalence.Verdict v = Equivalence.compare(ours.program(), theirsNative,
                        Equivalence.Domain.anyInput(nativeArch.littleEndian()));
                assertTrue(v.difference().isEmpty(), () -> "decision differs on " + v.difference().get() + ": " + where);
                proven += v.exhaustive() ? 1 : 0;
            }
            inputs += sampleSpec(ours.spec(), theirsNative, gen, where);
        }
        System.out.printf("native %s: %d profiles, %d refused by both, the others checked on every syscall number "
                + "(%d inputs), %d also proven equivalent; %d with long-jump return copies byte-swapped by the "
                + "cross-endian export%n", nativeArch, profiles.size(), refused, inputs, proven, swappedReturns);
    }

    /**
     * libseccomp's program as a host of the filter's byte order gets it. When a conditional jump
     * to a {@code ret} is too far, libseccomp 2.5.4 puts a copy of the return after the jump
     * ({@code _gen_bpf_build_jmp_ret}), made from the return's value already converted to the
     * target's byte order and converted again: harmless on a host of that order, but exporting a
     * big-endian filter on this little-endian host swaps those copies' values back. Exactly
     * those differences are undone here: a {@code ret} whose value is the byte-swapped value of
     * syscage's at the same place; any other difference stays and fails the test.
     */
    static BpfProgram asOnANativeHost(BpfProgram theirs, BpfProgram ours, Arch nativeArch) {
        if (nativeArch.littleEndian() || theirs.size() != ours.size()) {
            return theirs;
        }
        List<Insn> fixed = new ArrayList<>(theirs.instructions());
        boolean changed = false;
        for (int i = 0; i < fixed.size(); i++) {
            Insn t = fixed.get(i);
            Insn o = ours.get(i);
            if (t.code() == (Bpf.BPF_RET | Bpf.BPF_K) && o.code() == t.code() && t.k() != o.k()
                    && t.k() == Integer.reverseBytes(o.k())) {
                fixed.set(i, o);
                changed = true;
            }
        }
        return changed ? BpfProgram.of(fixed) : theirs;
    }

    /** Every syscall number of every arch (and the special ones), with boundary arguments. */
    private static int everySyscall(Compiler.Result ours, BpfProgram theirs, RandomProfiles gen, String where) {
        int inputs = 0;
        for (Arch a : ours.spec().arches()) {
            for (int nr : SYSCALL_NUMBERS.computeIfAbsent(a, LibseccompDifferentialTest::syscallNumbers)) {
                for (int k = 0; k < 4; k++) {
                    SeccompData d = SeccompData.of(a, nr, gen.args());
                    int want = Emulator.decide(theirs, d, a);
                    int got = Emulator.decide(ours.program(), d, a);
                    inputs++;
                    if (want != got) {
                        assertEquals(ActionValue.describe(want), ActionValue.describe(got), d + ": " + where);
                    }
                }
            }
        }
        return inputs;
    }

    private static final Map<Arch, int[]> SYSCALL_NUMBERS = new ConcurrentHashMap<>();

    /**
     * The numbers of the arch's table, each with its successor, every number between the bias and
     * the largest number of the table's main block, and -1, bit 30 and bit 31. (arm's private
     * syscalls sit near 0xf0000: the gap below them holds no syscall and is not walked.)
     */
    private static int[] syscallNumbers(Arch a) {
        SyscallTable t = SyscallTable.of(a);
        int bias = a.syscallBias();
        TreeSet<Integer> nrs = new TreeSet<>(Integer::compareUnsigned);
        int mainEnd = bias;
        for (String name : t.names()) {
            OptionalInt nr = t.number(name);
            if (nr.isPresent()) {
                nrs.add(nr.getAsInt());
                nrs.add(nr.getAsInt() + 1);
                if (nr.getAsInt() - bias < 0x10000) {
                    mainEnd = Math.max(mainEnd, nr.getAsInt());
                }
            }
        }
        for (int nr = bias; nr <= mainEnd + 1; nr++) {
            nrs.add(nr);
        }
        nrs.addAll(List.of(-1, 0x40000000, 0x80000000));
        return nrs.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int sampleSpec(FilterSpec spec, BpfProgram theirs, RandomProfiles gen, String where) {
        int inputs = 0;
        for (Arch a : spec.arches()) {
            for (String name : RandomProfiles.NAMES) {
                int nr = SyscallTable.of(a).number(name).orElse(a.syscallBias() + 1000);
                for (int k = 0; k < 8; k++) {
                    SeccompData d = SeccompData.of(a, nr, gen.args());
                    assertEquals(ActionValue.describe(Emulator.decide(theirs, d, a)),
                            ActionValue.describe(spec.decide(d).action()), d + ": " + where);
                    inputs++;
                }
            }
        }
        return inputs;
    }
}
