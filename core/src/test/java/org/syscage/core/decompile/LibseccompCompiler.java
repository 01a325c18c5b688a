package org.syscage.core.decompile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.oracle.LibseccompOracle;
import org.syscage.core.profile.Profile;

/**
 * Compiles decompiled profiles with the real libseccomp, as runc would (through the oracle), so
 * that tests can compare the result with the original filter exhaustively.
 */
final class LibseccompCompiler implements RoundTrip.ProfileCompiler {
    private final LibseccompOracle oracle = new LibseccompOracle();
    private final int optimize;

    LibseccompCompiler(int optimize) {
        assertTrue(LibseccompOracle.available(), LibseccompOracle.missingMessage());
        this.optimize = optimize;
    }

    @Override
    public BpfProgram compile(Profile profile, Decision badArch) {
        return BpfProgram.of(build(profile, badArch).instructions(profile.architectures().getFirst()));
    }

    LibseccompOracle.OracleResult build(Profile profile, Decision badArch) {
        List<Arch> arches = profile.architectures();
        var job = new LibseccompOracle.Job(ProfileWriter.write(profile, ProfileFormat.OCI), arches.getFirst(), arches,
                badArch == null ? null : badArchName(badArch), optimize);
        var result = oracle.build(job);
        if (!result.ok()) {
            throw new AssertionError("libseccomp refused the decompiled profile: " + result.error() + "\n"
                    + ProfileWriter.write(profile, ProfileFormat.OCI));
        }
        if (!result.skipped().isEmpty()) {
            throw new AssertionError("libseccomp does not know " + result.skipped());
        }
        return result;
    }

    private static String badArchName(Decision d) {
        String name = d.action().profileName();
        return d.action().carriesValue() ? name + "(" + d.data() + ")" : name;
    }
}
