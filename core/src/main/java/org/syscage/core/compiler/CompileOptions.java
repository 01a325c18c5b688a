package org.syscage.core.compiler;

import java.util.List;
import org.syscage.core.arch.Arch;

/**
 * How to compile a profile.
 *
 * @param arches        the arches of the filter; empty means "as runc builds it": the native
 *                      arch followed by the profile's {@code architectures}
 * @param nativeArch    the arch runc would run on, always part of a runc filter
 * @param badArchAction what syscalls of other arches get
 * @param strict        unknown syscall names are errors instead of warnings
 * @param enosysStub    prepend runc's ENOSYS stub for syscalls newer than the profile
 * @param verify        check the program with the kernel's rules and prove it equivalent to the
 *                      plain reference program of the spec
 */
public record CompileOptions(List<Arch> arches, Arch nativeArch, int badArchAction, boolean strict,
                             boolean enosysStub, boolean verify) {
    public CompileOptions {
        arches = List.copyOf(arches);
    }

    /** runc's filter on the given native arch: KILL_PROCESS for bad arches, no stub. */
    public static CompileOptions runc(Arch nativeArch) {
        return new CompileOptions(List.of(), nativeArch, ActionValue.KILL_PROCESS, false, false, true);
    }

    public static CompileOptions defaults() {
        return runc(Arch.host());
    }

    public CompileOptions withArches(List<Arch> newArches) {
        return new CompileOptions(newArches, nativeArch, badArchAction, strict, enosysStub, verify);
    }

    public CompileOptions withBadArchAction(int action) {
        return new CompileOptions(arches, nativeArch, action, strict, enosysStub, verify);
    }

    public CompileOptions withStrict(boolean newStrict) {
        return new CompileOptions(arches, nativeArch, badArchAction, newStrict, enosysStub, verify);
    }

    public CompileOptions withEnosysStub(boolean stub) {
        return new CompileOptions(arches, nativeArch, badArchAction, strict, stub, verify);
    }

    public CompileOptions withVerify(boolean check) {
        return new CompileOptions(arches, nativeArch, badArchAction, strict, enosysStub, check);
    }

    public CompileOptions withNativeArch(Arch arch) {
        return new CompileOptions(arches, arch, badArchAction, strict, enosysStub, verify);
    }
}
