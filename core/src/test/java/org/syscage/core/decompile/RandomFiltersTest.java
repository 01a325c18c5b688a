package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.syscage.core.bpf.Bpf.*;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Insn;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Differential tests on random filters, in batches through the real libseccomp:
 * <ul>
 *   <li>filters libseccomp makes from random profiles (several actions, overlapping rules,
 *       every comparison, 64-bit values, repeated argument indexes, several arches);</li>
 *   <li>hand-written-style filters: a dispatch on syscall numbers, then random trees of tests
 *       on low and high argument words, masks and jset - shapes libseccomp never makes.</li>
 * </ul>
 * Each must decompile exactly, and the profile, compiled back by libseccomp, must be proved
 * equivalent to the filter over every input of its arches.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RandomFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("read", "write", "openat", "close", "mmap", "mprotect", "ioctl",
            "kill", "socket", "connect", "clone", "prctl", "futex", "fcntl", "personality", "getpid", "setsockopt");
    private static final List<String> ACTIONS = List.of("SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL_PROCESS",
            "SCMP_ACT_TRAP", "SCMP_ACT_LOG", "SCMP_ACT_TRACE", "SCMP_ACT_KILL_THREAD");
    private static final List<String> OPS = List.of("SCMP_CMP_EQ", "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",
            "SCMP_CMP_GT", "SCMP_CMP_GE", "SCMP_CMP_MASKED_EQ");
    private static final List<List<Arch>> ARCH_SETS = List.of(List.of(Arch.X86_64), List.of(Arch.X86),
            List.of(Arch.AARCH64), List.of(Arch.X86_64, Arch.X86, Arch.X32), List.of(Arch.AARCH64, Arch.ARM));

    private final LibseccompOracle oracle = new LibseccompOracle();
    /** libseccomp itself, as the compiler the decompiler proves its profiles with. */
    private final LibseccompCompiler compiler = new LibseccompCompiler(2);

    @Test
    void filtersLibseccompMakesFromRandomProfilesDecompileExactly() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        Random r = new Random(20260525);
        List<LibseccompOracle.Job> jobs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<Arch> arches = ARCH_SETS.get(r.nextInt(ARCH_SETS.size()));
            jobs.add(new LibseccompOracle.Job(randomProfile(r, arches.size() == 1), arches.getFirst(), arches, null,
                    1 + r.nextInt(2)));
        }
        List<LibseccompOracle.OracleResult> built = oracle.build(jobs);
        List<BpfProgram> originals = new ArrayList<>();
        List<Decompilation> decompiled = new ArrayList<>();
        int tooIntricate = 0;
        int conflicts = 0;
        for (int i = 0; i < jobs.size(); i++) {
            if (!built.get(i).ok()) {
                continue; // a profile runc would refuse (libseccomp found its rules conflicting)
            }
            BpfProgram original = BpfProgram.of(built.get(i).instructions(jobs.get(i).nativeArch()));
            Decompilation d = Decompiler.decompile(original, true, List.of(), compiler);
            boolean mixedWidths = jobs.get(i).arches().stream().map(Arch::bits).distinct().count() > 1;
            if (mixedWidths && d.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.ARCH_CONFLICT)
                    || d.findings().stream().anyMatch(f -> f.kind() == Finding.Kind.MULTIPLEXER_CONFLICT)) {
                // Known limits: rules are synthesized from one arch's paths, and overlapping rules of
                // several actions resolve differently where libseccomp keeps low words only, or where
                // it puts a socket call's rules on socketcall with argument 0 replaced.
                conflicts++;
                continue;
            }
            if (tooIntricate(d, jobs.get(i).profileJson())) {
                tooIntricate++;
                continue;
            }
            if (d.arches().isEmpty()) {
                continue; // the filter gives every arch the bad-arch decision: nothing to compile
            }
            assertTrue(d.recompiled().orElseThrow().equivalent());
            originals.add(original);
            decompiled.add(d);
        }
        // Overlapping rules of random profiles can leave boxes that take hundreds of rules to say.
        // Seed-fixed: 149 exact (each proved equivalent), 30 beyond the rule limit, 12 conflicts.
        assertTrue(originals.size() >= 140 && tooIntricate <= 35 && conflicts <= 15, originals.size()
                + " exact, " + tooIntricate + " too intricate, " + conflicts + " conflicts");
        assertAllEquivalent(originals, decompiled);
    }

    @Test
    void handWrittenShapesDecompileExactly() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        Random r = new Random(4242);
        List<BpfProgram> originals = new ArrayList<>();
        List<Decompilation> decompiled = new ArrayList<>();
        int tooIntricate = 0;
        for (int i = 0; i < 150; i++) {
            BpfProgram filter = handWritten(r);
            Decompilation d = Decompiler.decompile(filter, true, List.of(), compiler);
            if (tooIntricate(d, filter.toString())) {
                tooIntricate++;
                continue;
            }
            Agreement.assertSampled(filter, true, d);
            assertTrue(d.recompiled().orElseThrow().equivalent());
            originals.add(filter);
            decompiled.add(d);
        }
        assertTrue(tooIntricate < 50, "too many too intricate: " + tooIntricate);
        assertAllEquivalent(originals, decompiled);
    }

    /**
     * Whether the decompilation stopped at the rule limit: tests on low words alone, or boxes
     * cut by overlapping rules, multiply into many rules (a profile compares whole 64-bit values,
     * one condition per argument), and beyond a limit the decompiler says so instead of writing
     * thousands; and a few rule sets libseccomp miscompiles have no plainer form that fits both
     * 64-bit and 32-bit arches. Any other finding fails the test.
     */
    private static boolean tooIntricate(Decompilation d, String source) {
        if (d.exact()) {
            return false;
        }
        assertTrue(d.findings().stream().allMatch(f -> f.kind() == Finding.Kind.TOO_COMPLEX
                        || f.kind() == Finding.Kind.MISCOMPILED),
                () -> d.findings().stream().map(Finding::render).toList() + "\nfrom\n" + source);
        return true;
    }

    /** Recompiles every profile in one batch and proves each equivalent to its filter. */
    private void assertAllEquivalent(List<BpfProgram> originals, List<Decompilation> decompiled) {
        List<LibseccompOracle.Job> jobs = new ArrayList<>();
        for (Decompilation d : decompiled) {
            List<Arch> arches = d.profile().architectures();
            Decision bad = d.badArch().orElse(null);
            jobs.add(new LibseccompOracle.Job(ProfileWriter.write(d.profile(), ProfileFormat.OCI), arches.getFirst(), arches,
                    bad == null ? null : bad.action().profileName() + (bad.action().carriesValue() ? "(" + bad.data() + ")" : ""),
                    2));
        }
        List<LibseccompOracle.OracleResult> built = oracle.build(jobs);
        for (int i = 0; i < jobs.size(); i++) {
            LibseccompOracle.OracleResult result = built.get(i);
            String profile = jobs.get(i).profileJson();
            assertTrue(result.ok(), () -> "libseccomp refused " + result.error() + "\n" + profile);
            Decompilation d = decompiled.get(i);
            RoundTrip.Outcome outcome = RoundTrip.compare(originals.get(i),
                    BpfProgram.of(result.instructions(d.profile().architectures().getFirst())),
                    d.profile().architectures(), d.skippedCallApart());
            BpfProgram original = originals.get(i);
            assertTrue(outcome.equivalent(), () -> "differs on " + outcome.difference() + "\n" + profile + "\n" + original);
        }
    }

    // ---------------------------------------------------------------- random profiles

    /**
     * A profile with rules that may overlap, of several actions. Values span 64 bits for one
     * arch; for several they stay below 2^32, as in real profiles meant for 64-bit and 32-bit
     * arches alike (libseccomp drops high words on 32-bit arches, so the same rules mean
     * different things there, and overlapping rules then resolve differently per arch).
     */
    private static String randomProfile(Random r, boolean wideValues) {
        ObjectNode p = JSON.createObjectNode();
        String dflt = ACTIONS.get(r.nextInt(ACTIONS.size()));
        p.put("defaultAction", dflt);
        if (dflt.equals("SCMP_ACT_ERRNO")) {
            p.put("defaultErrnoRet", 1 + r.nextInt(3));
        }
        ArrayNode rules = p.putArray("syscalls");
        int count = 1 + r.nextInt(8);
        for (int i = 0; i < count; i++) {
            ObjectNode rule = rules.addObject();
            ArrayNode names = rule.putArray("names");
            for (int n = 1 + r.nextInt(3); n > 0; n--) {
                names.add(NAMES.get(r.nextInt(NAMES.size())));
            }
            String action = ACTIONS.get(r.nextInt(ACTIONS.size()));
            rule.put("action", action);
            if (action.equals("SCMP_ACT_ERRNO") || action.equals("SCMP_ACT_TRACE")) {
                rule.put("errnoRet", 1 + r.nextInt(3));
            }
            ArrayNode args = rule.putArray("args");
            for (int c = r.nextInt(4); c > 0; c--) {
                ObjectNode arg = args.addObject();
                arg.put("index", r.nextInt(3));
                String op = OPS.get(r.nextInt(OPS.size()));
                arg.put("op", op);
                long mask = wideValues ? value(r) : value(r) & 0xffffffffL;
                arg.put("value", unsigned(mask));
                if (op.equals("SCMP_CMP_MASKED_EQ")) {
                    arg.put("valueTwo", unsigned(wideValues ? value(r) : value(r) & 0xffffffffL));
                }
            }
        }
        return p.toString();
    }

    private static BigInteger unsigned(long v) {
        return new BigInteger(Long.toUnsignedString(v));
    }

    private static long value(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextInt(8);
            case 1 -> 1L << r.nextInt(64);
            case 2 -> (1L << 32) + r.nextInt(4) - 2;
            case 3 -> -1L - r.nextInt(3);
            case 4 -> r.nextLong();
            default -> 0xffffffffL - r.nextInt(3);
        };
    }

    // ---------------------------------------------------------------- hand-written shapes

    private static final int[] RETURNS = {SECCOMP_RET_ALLOW, SECCOMP_RET_KILL_PROCESS, Bpf.errno(1), Bpf.errno(13),
        SECCOMP_RET_LOG, Bpf.trace(2), SECCOMP_RET_TRAP};

    /**
     * arch == x86_64, nr below 0x40000000, a few syscalls each with a random tree of tests on
     * argument words, the rest to one return.
     */
    static BpfProgram handWritten(Random r) {
        SyscallTable table = SyscallTable.of(Arch.X86_64);
        Map<Integer, List<Insn>> bodies = new LinkedHashMap<>();
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            int nr = table.number(NAMES.get(r.nextInt(NAMES.size()))).getAsInt();
            bodies.put(nr, tree(r, 1 + r.nextInt(3)));
        }
        int fallback = RETURNS[r.nextInt(RETURNS.length)];
        // Built back to front: bodies, then the dispatch that jumps over them.
        List<Insn> tail = new ArrayList<>();
        tail.add(Insn.stmt(BPF_RET | BPF_K, fallback));
        List<Integer> starts = new ArrayList<>();
        List<Insn> blocks = new ArrayList<>();
        for (List<Insn> body : bodies.values()) {
            starts.add(blocks.size());
            blocks.addAll(body);
        }
        List<Insn> program = new ArrayList<>();
        program.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_ARCH));
        program.add(null); // arch test, patched below
        program.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, SECCOMP_DATA_NR));
        program.add(null); // x32 guard, patched below
        int dispatchAt = program.size();
        List<Integer> nrs = new ArrayList<>(bodies.keySet());
        for (int i = 0; i < nrs.size(); i++) {
            program.add(null);
        }
        program.addAll(tail);                 // fallback return
        int blocksAt = program.size();
        program.addAll(blocks);
        program.add(Insn.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD)); // bad arch
        int bad = program.size() - 1;
        program.set(1, Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, Arch.X86_64.auditArch(), 0, bad - 2));
        program.set(3, Insn.jump(BPF_JMP | BPF_JGE | BPF_K, Arch.X32_SYSCALL_BIT, bad - 4, 0));
        for (int i = 0; i < nrs.size(); i++) {
            int at = dispatchAt + i;
            int target = blocksAt + starts.get(i);
            program.set(at, Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, nrs.get(i), target - at - 1, 0));
        }
        return BpfProgram.of(program);
    }

    /**
     * A block of tests on argument words ending in returns, jumps inside the block only. The
     * tests are those hand-written filters use: equality or a bit test on a low word (the high
     * word left alone), a masked equality, and full 64-bit comparisons (high word first).
     */
    private static List<Insn> tree(Random r, int depth) {
        if (depth == 0) {
            return List.of(Insn.stmt(BPF_RET | BPF_K, RETURNS[r.nextInt(RETURNS.length)]));
        }
        List<Insn> yes = tree(r, r.nextInt(3) == 0 ? 0 : depth - 1);
        List<Insn> no = tree(r, r.nextBoolean() ? 0 : depth - 1);
        int arg = r.nextInt(3);
        int low = Bpf.argLowOffset(arg, true);
        List<Insn> out = new ArrayList<>();
        switch (r.nextInt(4)) {
            case 0 -> { // low word == k
                out.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, low));
                out.add(Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, smallOrBit(r), 0, yes.size()));
            }
            case 1 -> { // low word & bit
                out.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, low));
                out.add(Insn.jump(BPF_JMP | BPF_JSET | BPF_K, 1 << r.nextInt(32), 0, yes.size()));
            }
            case 2 -> { // (low word & mask) == k
                int mask = r.nextInt() & r.nextInt();
                out.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, low));
                out.add(Insn.stmt(BPF_ALU | BPF_AND | BPF_K, mask));
                out.add(Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, smallOrBit(r) & mask, 0, yes.size()));
            }
            default -> { // 64-bit: high == h, then low OP k; a high word that differs goes to "no"
                int op = new int[] {BPF_JEQ, BPF_JGT, BPF_JGE}[r.nextInt(3)];
                out.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, Bpf.argHighOffset(arg, true)));
                out.add(Insn.jump(BPF_JMP | BPF_JEQ | BPF_K, r.nextInt(3) == 0 ? 1 : 0, 0, yes.size() + 2));
                out.add(Insn.stmt(BPF_LD | BPF_W | BPF_ABS, low));
                out.add(Insn.jump(BPF_JMP | op | BPF_K, smallOrBit(r), 0, yes.size()));
            }
        }
        out.addAll(yes);
        out.addAll(no);
        return out;
    }

    private static int smallOrBit(Random r) {
        return r.nextBoolean() ? r.nextInt(5) : 1 << r.nextInt(32);
    }
}
