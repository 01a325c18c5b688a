package org.syscage.core.compiler;

import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.syscage.core.bpf.BpfProgram;

/**
 * Turns a compiled profile into its supervised form: every call the profile denies reaches a
 * supervisor as a seccomp user notification instead, so that it can be reported (the kernel logs
 * nothing for ERRNO) and then answered as the profile would have answered it. What the profile
 * lets run (ALLOW, LOG) is untouched and keeps full speed; so is the ENOSYS stub, which is not a
 * denial but runc's way of telling glibc a call is too new.
 *
 * <p>The transformation works on the {@link FilterSpec}, not on the profile: the set of notified
 * calls is then exactly the set of denied ones, whatever the rules' precedence.
 */
public final class DenialNotification {
    private DenialNotification() {
    }

    /** Whether a decision is a denial to report: any action but ALLOW and LOG, the ENOSYS stub excepted. */
    public static boolean isDenial(Decision decision) {
        int action = decision.action() & ActionValue.ACTION_MASK;
        return decision.reason() != Decision.Reason.ENOSYS_STUB
                && action != ActionValue.ALLOW && action != ActionValue.LOG;
    }

    /** The spec with every denial replaced by USER_NOTIF, each keeping its reason. */
    public static FilterSpec notifyDenials(FilterSpec spec) {
        List<ArchDispatch> dispatches = spec.dispatches().stream().map(DenialNotification::notify).toList();
        return new FilterSpec(notify(spec.defaultAction(), Decision.Reason.DEFAULT),
                notify(spec.badArchAction(), Decision.Reason.BAD_ARCH), dispatches);
    }

    /**
     * The program of the supervised form of a compiled profile, checked against its spec like any
     * other when the profile's own compilation was checked.
     */
    public static BpfProgram supervisedProgram(Compiler.Result compiled) {
        FilterSpec supervised = notifyDenials(compiled.spec());
        BpfProgram program = BpfCodegen.generate(supervised);
        if (compiled.stats().check() != Compiler.Check.SKIPPED) {
            Compiler.verify(supervised, program);
        }
        return program;
    }

    private static ArchDispatch notify(ArchDispatch dispatch) {
        NavigableMap<Integer, SyscallPolicy> runs = new TreeMap<>(Integer::compareUnsigned);
        dispatch.runs().forEach((start, policy) -> runs.put(start, switch (policy) {
            case SyscallPolicy.Fixed f -> new SyscallPolicy.Fixed(notify(f.action(), f.reason()), f.reason());
            case SyscallPolicy.ByArguments b -> new SyscallPolicy.ByArguments(notify(b.tests()));
        }));
        return new ArchDispatch(dispatch.auditArch(), dispatch.abis(), runs);
    }

    private static ArgNode notify(ArgNode node) {
        return switch (node) {
            case ArgNode.Test t -> new ArgNode.Test(t.word(), notify(t.onTrue()), notify(t.onFalse()));
            case ArgNode.Return r -> new ArgNode.Return(notify(r.action(), r.reason()), r.reason());
        };
    }

    private static int notify(int action, Decision.Reason reason) {
        return isDenial(new Decision(action, reason)) ? ActionValue.USER_NOTIF : action;
    }
}
