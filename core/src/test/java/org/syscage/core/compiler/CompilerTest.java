package org.syscage.core.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Bpf;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.CacheAnalysis;
import org.syscage.core.bpf.Equivalence;
import org.syscage.core.bpf.Insn;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.ArgCondition;
import org.syscage.core.profile.Op;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;

/** The optimizing code generator on real and extreme profiles. */
class CompilerTest {
    static Profile dockerDefault() {
        return DockerResolver.resolve(BuiltinProfiles.dockerDefault(),
                ResolveOptions.docker(Arch.X86_64, KernelVersion.parseRelease("6.8")));
    }

    @Test
    void dockerDefaultIsProvenEquivalentToLibseccompAndSmaller() {
        Compiler.Result r = Compiler.compile(dockerDefault(), CompileOptions.runc(Arch.X86_64));
        assertEquals(Compiler.Check.PROVEN, r.stats().check());
        Equivalence.Verdict v = Equivalence.compare(r.program(), r.libseccompProgram(), Equivalence.Domain.anyInput(true));
        assertTrue(v.equivalent(), v.toString());
        BpfProgram o1 = SpecBuilder.libseccompProgram(dockerDefault(), CompileOptions.runc(Arch.X86_64), 1);
        assertTrue(r.program().size() < o1.size(), r.program().size() + " vs " + o1.size());
    }

    @Test
    void everyArgumentFreeAllowIsCacheable() {
        Compiler.Result r = Compiler.compile(dockerDefault(), CompileOptions.runc(Arch.X86_64));
        ArchDispatch d = r.spec().dispatch(Arch.X86_64).orElseThrow();
        BitSet cached = CacheAnalysis.cacheableSyscalls(r.program(), Arch.X86_64, SyscallTable.of(Arch.X86_64).maxNumber());
        for (int nr = 0; nr <= SyscallTable.of(Arch.X86_64).maxNumber(); nr++) {
            boolean constAllow = d.policy(nr) instanceof SyscallPolicy.Fixed f && f.action() == ActionValue.ALLOW;
            if (nr != 335 && nr != 336) { // the kernel caches uretprobe/uprobe whatever the filter says
                assertEquals(constAllow, cached.get(nr), "syscall " + nr);
            }
        }
    }

    @Test
    void argumentFreeSyscallsNeverLoadArguments() {
        Compiler.Result r = Compiler.compile(dockerDefault(), CompileOptions.runc(Arch.X86_64));
        // read (0) is allowed without conditions: its path is loads of arch/nr, jumps and ret only
        var path = org.syscage.core.bpf.Emulator.run(r.program(), org.syscage.core.bpf.SeccompData.of(Arch.X86_64, 0), true).path();
        for (int pc : path) {
            Insn in = r.program().get(pc);
            if (in.code() == (Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS)) {
                assertTrue(in.k() == Bpf.SECCOMP_DATA_NR || in.k() == Bpf.SECCOMP_DATA_ARCH, "loads " + in.k());
            }
        }
    }

    @Test
    void halfWordTestsThatCannotFailAreLeftOut() {
        // (a0 & 0xff) == 3: the high word's mask is 0, libseccomp still tests it, syscage does not
        Profile p = Profile.of(Action.ERRNO, List.of(), List.of(SyscallRule.of(List.of("read"), Action.ALLOW,
                ArgCondition.maskedEq(0, 0xff, 3))));
        Compiler.Result r = Compiler.compile(p, CompileOptions.runc(Arch.X86_64));
        long hiLoads = r.program().instructions().stream()
                .filter(i -> i.code() == (Bpf.BPF_LD | Bpf.BPF_W | Bpf.BPF_ABS) && i.k() == 20).count();
        assertEquals(0, hiLoads);
        assertEquals(ActionValue.ALLOW, r.spec().decide(Arch.X86_64, 0, 0x1203).action());
    }

    @Test
    void farJumpsGoThroughTrampolinesAndStayEquivalent() {
        List<SyscallRule> rules = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rules.add(SyscallRule.of(List.of("ioctl"), Action.ALLOW, ArgCondition.of(1, Op.EQ, 0x5400 + i)));
        }
        rules.add(SyscallRule.of(List.of("read", "write", "close"), Action.ALLOW));
        Compiler.Result r = Compiler.compile(Profile.of(Action.ERRNO, List.of(), rules), CompileOptions.runc(Arch.X86_64));
        Verifier.verify(r.program());
        assertTrue(r.program().size() > 256);
        assertEquals(ActionValue.ALLOW, org.syscage.core.bpf.Emulator.decide(r.program(),
                org.syscage.core.bpf.SeccompData.of(Arch.X86_64, 16, 3, 0x5400 + 299), true));
    }

    @Test
    void programsOverTheKernelLimitAreRefused() {
        List<SyscallRule> rules = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            rules.add(SyscallRule.of(List.of("ioctl"), Action.ALLOW, ArgCondition.of(1, Op.EQ, 0x100000000L * i + i)));
        }
        CompileException e = assertThrows(CompileException.class,
                () -> Compiler.compile(Profile.of(Action.ERRNO, List.of(), rules), CompileOptions.runc(Arch.X86_64).withVerify(false)));
        assertTrue(e.getMessage().contains("4096"), e.getMessage());
    }

    @Test
    void badArchActionIsConfigurable() {
        Compiler.Result r = Compiler.compile(Profile.of(Action.ERRNO, List.of(), List.of()),
                CompileOptions.runc(Arch.X86_64).withBadArchAction(ActionValue.errno(38)));
        assertEquals(ActionValue.errno(38), org.syscage.core.bpf.Emulator.decide(r.program(),
                org.syscage.core.bpf.SeccompData.of(Arch.AARCH64, 63), true));
    }
}
