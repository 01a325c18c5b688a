package org.syscage.core.explain;

import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Emulator;
import org.syscage.core.bpf.SeccompData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.oracle.LibseccompOracle.Job;
import org.syscage.core.oracle.LibseccompOracle.OracleResult;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.Verdict;
import org.syscage.core.syscalls.SyscallTable;

/**
 * Docker's default profile as dockerd resolves it on amd64, built by libseccomp as runc builds
 * it: the model's answer for every syscall of x86_64, x86 and x32, with argument vectors that
 * cross every condition of the profile (socket families, personas, clone flags), must be
 * libseccomp's — the answers the model marks as not exact included, which checks that the
 * first-matching-rule reading holds for the real profile.
 */
class DockerDefaultDifferentialTest {
    private static LibseccompOracle oracle;

    @BeforeAll
    static void oracleIsInstalled() {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        oracle = new LibseccompOracle();
    }

    private static List<long[]> vectors() {
        List<long[]> v = new ArrayList<>();
        for (long a0 = 0; a0 <= 45; a0++) {
            v.add(new long[] {a0, 1, 0, 0, 0, 0});
        }
        for (long a0 : new long[] {0x8, 0x20000, 0x20008, 0xFFFF_FFFFL, 0x1_0000_0000L, 0x400000, 0x1_0000_0026L,
                0x1000_0000L, 0x0001_1200L, 0x7E02_0000L, -1L}) {
            v.add(new long[] {a0, 0x1000_0000L, 0, 0, 0, 0});
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CAP_SYS_ADMIN"})
    void everyAnswerIsLibseccomps(String extraCap) {
        ResolveOptions container = ResolveOptions.docker(Arch.X86_64, KernelVersion.of(6, 8));
        if (!extraCap.isEmpty()) {
            container = container.withCapAdd(extraCap);
        }
        Profile resolved = DockerResolver.resolve(BuiltinProfiles.dockerDefault(), container);
        OracleResult built = oracle.build(new Job(ProfileWriter.write(resolved, ProfileFormat.OCI), Arch.X86_64,
                List.of(Arch.X86, Arch.X32), null, 0));
        assertTrue(built.ok(), built.error());
        List<Insn> program = built.instructions(Arch.X86_64);
        int compared = 0;
        for (Arch arch : List.of(Arch.X86_64, Arch.X86, Arch.X32)) {
            FilterModel model = FilterModel.of(resolved, arch);
            SyscallTable table = SyscallTable.of(arch);
            var known = LibseccompNames.resolvable(arch, table.names());
            for (String name : table.names()) {
                if (table.number(name).isEmpty() || !known.contains(name)) {
                    // reached only through socketcall/ipc (covered by the multiplexer's own number), or newer
                    // than Debian's libseccomp, which then leaves the name out (a current one does not)
                    continue;
                }
                int nr = table.number(name).getAsInt();
                for (long[] args : vectors()) {
                    Decision d = model.decide(name, args);
                    Verdict expected = d.cause() == Decision.Cause.ENOSYS_STUB ? model.defaultVerdict() : d.verdict();
                    int got = Emulator.decide(BpfProgram.of(program), SeccompData.of(arch, nr, args), arch);
                    assertEquals(Integer.toHexString(expected.action().seccompRet() | expected.value()),
                            Integer.toHexString(got), arch + " " + name + " " + java.util.Arrays.toString(args));
                    compared++;
                }
            }
        }
        assertTrue(compared > 50_000, "compared " + compared);
    }
}
