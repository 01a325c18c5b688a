package org.syscage.core.decompile;

import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.profile.Profile;

/**
 * syscage's own compiler as the decompiler's proof: the profile compiled for exactly its
 * arches, as libseccomp 2.5 would make the filter (quirks included), with the filter's bad-arch
 * decision, and without the ENOSYS stub (the original filter is compared as it is).
 */
final class SyscageCompiler implements RoundTrip.ProfileCompiler {
    static final SyscageCompiler INSTANCE = new SyscageCompiler();

    @Override
    public BpfProgram compile(Profile profile, Decision badArch) {
        Arch nativeArch = profile.architectures().getFirst();
        CompileOptions options = CompileOptions.runc(nativeArch).withArches(profile.architectures()).withVerify(false);
        if (badArch != null) {
            options = options.withBadArchAction(badArch.value());
        }
        return Compiler.compile(profile, options).program();
    }
}
