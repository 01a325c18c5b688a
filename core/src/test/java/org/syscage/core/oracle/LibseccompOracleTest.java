package org.syscage.core.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.oracle.LibseccompOracle.Job;
import org.syscage.core.oracle.LibseccompOracle.OracleResult;

/**
 * Checks the oracle on its own, from facts about libseccomp and runc rather than from another
 * syscage component: the shape of libseccomp's programs (the arch check first, the actions it
 * returns, the syscall numbers it compares), runc's handling of profiles, and libseccomp's own
 * pseudo-code for the rules it made.
 */
class LibseccompOracleTest {
    // Classic BPF opcodes (linux/filter.h, linux/bpf_common.h).
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ_K = 0x15;
    private static final int JGT_K = 0x25;
    private static final int JGE_K = 0x35;
    private static final int RET_K = 0x06;

    // SECCOMP_RET_* values (linux/seccomp.h).
    private static final int RET_KILL_THREAD = 0x00000000;
    private static final int RET_KILL_PROCESS = 0x80000000;
    private static final int RET_ERRNO = 0x00050000;
    private static final int RET_ALLOW = 0x7fff0000;

    // Syscall numbers from the kernel's tables.
    private static final int X86_64_GETPID = 39;
    private static final int I386_GETPID = 20;
    private static final int I386_SOCKETCALL = 102;
    private static final int I386_SOCKET = 359;
    private static final int X86_64_SOCKET = 41;

    private static LibseccompOracle oracle;

    @BeforeAll
    static void oracleIsInstalled() {
        // Not an assumption: without python3-seccomp the differential tests would prove nothing.
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        oracle = new LibseccompOracle();
    }

    private static String profile(String defaultAction, String rules) {
        return "{\"defaultAction\":\"" + defaultAction + "\",\"syscalls\":[" + rules + "]}";
    }

    private static Job x86_64(String profileJson) {
        return new Job(profileJson, Arch.X86_64, List.of(), "SCMP_ACT_KILL_PROCESS", 1);
    }

    private static List<Insn> program(Job job) {
        OracleResult result = oracle.build(job);
        assertNull(result.error());
        return result.instructions(job.nativeArch());
    }

    private static boolean returns(List<Insn> program, int action) {
        return program.stream().anyMatch(i -> i.code() == RET_K && i.k() == action);
    }

    private static boolean compares(List<Insn> program, int value) {
        return program.stream().anyMatch(i -> i.code() == JEQ_K && i.k() == value);
    }

    @Test
    void programStartsByCheckingTheArchAndReturnsTheRuleAction() {
        OracleResult result = oracle.build(x86_64(profile("SCMP_ACT_ALLOW",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":42}")));

        assertTrue(result.ok());
        assertEquals(0, result.bpf().length % Insn.BYTES);
        List<Insn> program = result.instructions(Arch.X86_64);
        // seccomp_data.arch sits at offset 4; libseccomp checks it before anything else.
        assertEquals(new Insn(LD_W_ABS, 0, 0, 4), program.get(0));
        assertEquals(JEQ_K, program.get(1).code());
        assertEquals(Arch.X86_64.auditArch(), program.get(1).k());
        assertTrue(compares(program, X86_64_GETPID));
        assertTrue(returns(program, RET_ERRNO | 42));
        assertTrue(returns(program, RET_ALLOW));
        assertEquals(List.of(), result.skipped());
    }

    @Test
    void namesLibseccompDoesNotKnowAreSkippedAndReported() {
        OracleResult result = oracle.build(x86_64(profile("SCMP_ACT_ALLOW",
                "{\"names\":[\"no_such_syscall\",\"getpid\",\"no_such_syscall\"],\"action\":\"SCMP_ACT_ERRNO\"}")));

        assertTrue(result.ok());
        assertEquals(List.of("no_such_syscall"), result.skipped());
        assertTrue(compares(result.instructions(Arch.X86_64), X86_64_GETPID));
    }

    @Test
    void rulesThatRepeatTheDefaultActionAreDropped() {
        List<Insn> empty = program(x86_64(profile("SCMP_ACT_ERRNO", "")));
        // ERRNO without errnoRet means EPERM (1) for runc, so this rule says what the default says.
        List<Insn> sameAsDefault = program(x86_64(profile("SCMP_ACT_ERRNO",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}")));
        List<Insn> otherErrno = program(x86_64(profile("SCMP_ACT_ERRNO",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":2}")));

        assertEquals(empty, sameAsDefault);
        assertTrue(compares(otherErrno, X86_64_GETPID));
    }

    @Test
    void killIsKillThreadForRunc() {
        List<Insn> empty = program(x86_64(profile("SCMP_ACT_KILL_THREAD", "")));
        List<Insn> killRule = program(x86_64(profile("SCMP_ACT_KILL_THREAD",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_KILL\"}")));

        assertEquals(empty, killRule);
    }

    @Test
    void errnoRetKeepsOnlyItsLow16Bits() {
        List<Insn> program = program(x86_64(profile("SCMP_ACT_ALLOW",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":65541}")));

        assertTrue(returns(program, RET_ERRNO | 5));
    }

    @Test
    void defaultErrnoRetSetsTheDefaultErrno() {
        List<Insn> program = program(x86_64(
                "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,\"syscalls\":[]}"));

        assertTrue(returns(program, RET_ERRNO | 38));
        assertFalse(returns(program, RET_ERRNO | 1));
    }

    @Test
    void badArchActionIsWhatAForeignArchGets() {
        String allowAll = profile("SCMP_ACT_ALLOW", "");
        List<Insn> killProcess = program(new Job(allowAll, Arch.X86_64, List.of(), "SCMP_ACT_KILL_PROCESS", 1));
        List<Insn> enosys = program(new Job(allowAll, Arch.X86_64, List.of(), "SCMP_ACT_ERRNO(38)", 1));
        List<Insn> runcDefault = program(new Job(allowAll, Arch.X86_64, List.of(), null, 1));

        assertEquals(new Insn(RET_K, 0, 0, RET_KILL_PROCESS), badArchReturn(killProcess));
        assertEquals(new Insn(RET_K, 0, 0, RET_ERRNO | 38), badArchReturn(enosys));
        assertEquals(new Insn(RET_K, 0, 0, RET_KILL_THREAD), badArchReturn(runcDefault));
    }

    /** Where the arch check (the second instruction) goes when the arch does not match. */
    private static Insn badArchReturn(List<Insn> program) {
        return program.get(2 + program.get(1).jf());
    }

    @Test
    void everyListedArchGetsItsOwnNumbers() {
        List<Insn> program = program(new Job(profile("SCMP_ACT_ALLOW",
                "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\"}"),
                Arch.X86_64, List.of(Arch.X86), "SCMP_ACT_KILL_PROCESS", 1));

        assertTrue(compares(program, Arch.X86_64.auditArch()));
        assertTrue(compares(program, Arch.X86.auditArch()));
        assertTrue(compares(program, X86_64_GETPID));
        assertTrue(compares(program, I386_GETPID));
    }

    @Test
    void socketIsAlsoFilteredThroughSocketcallOnI386() {
        List<Insn> program = program(new Job(profile("SCMP_ACT_ALLOW",
                "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\"}"),
                Arch.X86, List.of(), "SCMP_ACT_KILL_PROCESS", 1));

        assertTrue(compares(program, Arch.X86.auditArch()));
        assertFalse(compares(program, Arch.X86_64.auditArch()), "the native arch replaced this host's");
        assertTrue(compares(program, I386_SOCKET));
        assertTrue(compares(program, I386_SOCKETCALL));
        // socketcall's first argument selects the call: SYS_SOCKET is 1.
        assertTrue(compares(program, 1));
        assertFalse(compares(program, X86_64_SOCKET));
    }

    @Test
    void conditionsOnOneArgumentBecomeSeparateRulesOthersStayTogether() {
        String sameIndex = profile("SCMP_ACT_ALLOW", """
                {"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[
                  {"index":0,"value":1,"op":"SCMP_CMP_EQ"},{"index":0,"value":2,"op":"SCMP_CMP_EQ"}]}""");
        String twoIndexes = profile("SCMP_ACT_ALLOW", """
                {"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[
                  {"index":0,"value":1,"op":"SCMP_CMP_EQ"},{"index":1,"value":2,"op":"SCMP_CMP_EQ"}]}""");

        // In libseccomp's pseudo-code each rule ends in its own action line.
        assertEquals(2, count(oracle.pfc(x86_64(sameIndex)), "action ERRNO(1);"));
        assertEquals(1, count(oracle.pfc(x86_64(twoIndexes)), "action ERRNO(1);"));
    }

    @Test
    void maskedEqTakesValueAsMaskAndValueTwoAsTheExpectedBits() {
        String pfc = oracle.pfc(x86_64(profile("SCMP_ACT_ALLOW", """
                {"names":["getpid"],"action":"SCMP_ACT_ERRNO","args":[
                  {"index":1,"value":255,"valueTwo":18,"op":"SCMP_CMP_MASKED_EQ"}]}""")));

        assertTrue(pfc.contains("$a1.lo32 & 0x000000ff == 18"), pfc);
    }

    @Test
    void optimizeTwoDispatchesWithABinaryTree() {
        StringBuilder rules = new StringBuilder();
        for (String name : List.of("read", "write", "open", "close", "stat", "fstat", "lstat", "poll",
                "lseek", "mmap", "mprotect", "munmap", "brk", "ioctl", "pread64", "pwrite64")) {
            rules.append(rules.isEmpty() ? "" : ",")
                    .append("{\"names\":[\"").append(name).append("\"],\"action\":\"SCMP_ACT_ALLOW\"}");
        }
        String whitelist = profile("SCMP_ACT_ERRNO", rules.toString());
        List<Insn> linear = program(new Job(whitelist, Arch.X86_64, List.of(), "SCMP_ACT_KILL_PROCESS", 1));
        List<Insn> tree = program(new Job(whitelist, Arch.X86_64, List.of(), "SCMP_ACT_KILL_PROCESS", 2));

        assertFalse(linear.stream().anyMatch(LibseccompOracleTest::rangeCheckOnANumber));
        assertTrue(tree.stream().anyMatch(LibseccompOracleTest::rangeCheckOnANumber));
    }

    /** A JGT/JGE against a syscall number (not x86_64's "nr >= 0x40000000" x32 check). */
    private static boolean rangeCheckOnANumber(Insn insn) {
        return (insn.code() == JGT_K || insn.code() == JGE_K) && Integer.compareUnsigned(insn.k(), 1024) < 0;
    }

    @Test
    void bigEndianArchesAreExportedInTheirOwnByteOrder() {
        OracleResult result = oracle.build(new Job(profile("SCMP_ACT_ALLOW", ""),
                Arch.S390X, List.of(), "SCMP_ACT_KILL_PROCESS", 1));

        assertTrue(result.ok());
        // Raw bytes of "ld [4]" in big-endian order.
        assertEquals("[0, 32, 0, 0, 0, 0, 0, 4]", Arrays.toString(Arrays.copyOf(result.bpf(), 8)));
        assertEquals(Arch.S390X.auditArch(), result.instructions(Arch.S390X).get(1).k());
    }

    @Test
    void profilesRuncRefusesComeBackAsErrors() {
        assertError("SCMP_ACT_NOTIFY cannot be used as default action",
                x86_64(profile("SCMP_ACT_NOTIFY", "")));
        assertError("SCMP_ACT_NOTIFY cannot be used for the write syscall",
                x86_64(profile("SCMP_ACT_ALLOW", "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_NOTIFY\"}")));
        assertError("unknown action 'SCMP_ACT_MAYBE'",
                x86_64(profile("SCMP_ACT_ALLOW", "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_MAYBE\"}")));
        assertError("not an architecture libseccomp",
                new Job(profile("SCMP_ACT_ALLOW", ""), Arch.X86_64, List.of(Arch.LOONGARCH64), null, 1));
        // One filter cannot mix byte orders.
        assertError("EDOM",
                new Job(profile("SCMP_ACT_ALLOW", ""), Arch.X86_64, List.of(Arch.S390X), null, 1));
    }

    @Test
    void oneBatchAnswersEveryJobInOrder() {
        List<Job> jobs = new ArrayList<>();
        for (int errno = 1; errno <= 300; errno++) {
            jobs.add(x86_64(profile("SCMP_ACT_ALLOW",
                    "{\"names\":[\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":" + errno + "}")));
        }
        List<OracleResult> results = oracle.build(jobs);

        assertEquals(jobs.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            assertTrue(returns(results.get(i).instructions(Arch.X86_64), RET_ERRNO | (i + 1)), "job " + i);
        }
    }

    @Test
    void malformedProfileJsonIsRejectedBeforeTheBatchRuns() {
        Job broken = x86_64("{\"defaultAction\":");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oracle.build(broken));
        assertTrue(e.getMessage().startsWith("profileJson is not JSON"), e.getMessage());
    }

    private static void assertError(String expected, Job job) {
        OracleResult result = oracle.build(job);
        assertNull(result.bpf());
        assertTrue(result.error() != null && result.error().contains(expected), "error was: " + result.error());
    }

    private static int count(String text, String needle) {
        return (int) Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
