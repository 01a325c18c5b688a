package org.syscage.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Filters from syscage's compiler, loaded in the real kernel: each probed syscall gets the result
 * the emulator predicts for the same program. The probe thread makes the calls after the filter
 * is installed (see {@link KernelProbe}); only calls that are harmless when allowed are used.
 */
class CompiledFilterKernelTest {
    private static final Arch HOST = Arch.host();
    private static final SyscallTable TABLE = SyscallTable.of(HOST);

    /** A call to probe and the arguments the filter sees (buffers are null pointers to the filter). */
    record Probe(ProbeCall call, long[] filterArgs) {}

    private static Probe call(String name, long... args) {
        return new Probe(ProbeCall.of(TABLE.number(name).orElseThrow(), args), args);
    }

    private static Probe number(int nr) {
        return new Probe(ProbeCall.of(nr), new long[0]);
    }

    /** Calls that do nothing harmful whatever the filter decides. */
    static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>(List.of(
                call("getpid"), call("getppid"), call("gettid"), call("getuid"), call("sched_yield"),
                call("close", -1L), call("close", (1L << 32) | 0xffffffffL), call("close", 1L << 32),
                call("dup", 1000), call("dup", 999), call("fcntl", -1L, 1),
                call("personality", 0xffffffffL), call("personality", (1L << 32) | 0xffffffffL),
                call("personality", 8 | (1L << 63)),
                call("umask", 022), call("getpgrp"), call("getsid", 0)));
        Probe uname = call("uname", 0);
        probes.add(new Probe(uname.call().with(0, new ProbeArg.Buffer(512)), new long[] {0}));
        probes.add(number(1000));    // beyond every table: the ENOSYS stub or the default decides
        probes.add(number(TABLE.maxNumber() + 1));
        return probes;
    }

    @Test
    void dockersDefaultDecidesInTheKernelAsTheEmulatorSays() {
        Profile plain = DockerResolver.resolve(BuiltinProfiles.dockerDefault(), ResolveOptions.host());
        assertKernelAgrees(plain, true);
    }

    @Test
    void argumentRulesAndEveryDenialDecideInTheKernelAsTheEmulatorSays() {
        Profile allowList = ProfileReader.parse("allow-list.json", """
                {"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 13,
                 "syscalls": [
                  {"names": ["getpid", "gettid", "getuid", "sched_yield", "uname", "umask", "futex", "exit",
                             "rt_sigreturn", "rt_sigprocmask", "madvise", "munmap", "mmap", "mprotect"],
                   "action": "SCMP_ACT_ALLOW"},
                  {"names": ["close"], "action": "SCMP_ACT_ERRNO", "errnoRet": 77,
                   "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_GE"}]},
                  {"names": ["close"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 4294967296, "op": "SCMP_CMP_LT"}]},
                  {"names": ["dup"], "action": "SCMP_ACT_TRACE", "args": [{"index": 0, "value": 999, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["personality"], "action": "SCMP_ACT_ALLOW",
                   "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
                  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 5000,
                   "args": [{"index": 0, "value": 9223372036854775808, "valueTwo": 9223372036854775808,
                             "op": "SCMP_CMP_MASKED_EQ"}]},
                  {"names": ["getppid"], "action": "SCMP_ACT_KILL_THREAD"},
                  {"names": ["getsid"], "action": "SCMP_ACT_LOG"}
                 ]}
                """);
        assertKernelAgrees(allowList, false);
        Profile denyList = ProfileReader.parse("deny-list.json", """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [
                  {"names": ["uname"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
                  {"names": ["getpgrp"], "action": "SCMP_ACT_TRAP"},
                  {"names": ["fcntl"], "action": "SCMP_ACT_KILL_PROCESS", "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}
                 ]}
                """);
        assertKernelAgrees(denyList, true);
    }

    private static void assertKernelAgrees(Profile profile, boolean enosysStub) {
        CompileOptions options = CompileOptions.runc(HOST).withEnosysStub(enosysStub);
        BpfProgram program = Compiler.compile(profile, options).program();
        List<Probe> probes = probes();
        List<ProbeOutcome> outcomes = KernelProbe.run(program.toBytes(), probes.stream().map(Probe::call).toList());
        for (int i = 0; i < probes.size(); i++) {
            Probe p = probes.get(i);
            int decided = Emulator.decide(program, SeccompData.of(HOST, (int) p.call().nr(), p.filterArgs()), HOST);
            String what = "syscall " + p.call().nr() + " args " + java.util.Arrays.toString(p.filterArgs())
                    + ": emulator says " + Bpf.describeReturn(decided);
            assertMatches(decided, outcomes.get(i), what);
        }
    }

    /** How each return value shows to the caller, as the kernel documents it. */
    static void assertMatches(int decided, ProbeOutcome outcome, String what) {
        int action = decided & Bpf.SECCOMP_RET_ACTION_FULL;
        int data = decided & Bpf.SECCOMP_RET_DATA;
        if (action == Bpf.SECCOMP_RET_ALLOW || action == Bpf.SECCOMP_RET_LOG) {
            assertInstanceOf(ProbeOutcome.Returned.class, outcome, what);
        } else if (action == Bpf.SECCOMP_RET_ERRNO) {
            assertEquals(new ProbeOutcome.Returned(-Math.min(data, 4095)), outcome, what);
        } else if (action == Bpf.SECCOMP_RET_TRACE || action == Bpf.SECCOMP_RET_USER_NOTIF) {
            assertEquals(new ProbeOutcome.Returned(-38), outcome, what); // no tracer, no listener: ENOSYS
        } else if (action == Bpf.SECCOMP_RET_KILL_THREAD) {
            assertEquals(new ProbeOutcome.ThreadKilled(), outcome, what);
        } else {
            assertEquals(new ProbeOutcome.ProcessKilled(ProbeOutcome.SIGSYS), outcome, what); // KILL_PROCESS, TRAP
        }
    }
}
