package org.syscage.core.syscalls;

import org.syscage.core.arch.Arch;

/**
 * The namespace bits of the flags of clone(2), clone3(2) and unshare(2) ({@code CLONE_NEW*} of
 * {@code linux/sched.h}), and where clone takes its flags. Lint rules that judge a profile and the
 * recorder that writes one both test these bits, so they are defined here once.
 */
public final class CloneFlags {
    public static final long NEWNS = 0x0002_0000L;
    public static final long NEWCGROUP = 0x0200_0000L;
    public static final long NEWUTS = 0x0400_0000L;
    public static final long NEWIPC = 0x0800_0000L;
    public static final long NEWUSER = 0x1000_0000L;
    public static final long NEWPID = 0x2000_0000L;
    public static final long NEWNET = 0x4000_0000L;
    /**
     * CLONE_NEWTIME. In clone's flags this bit belongs to the exit signal (CSIGNAL, the low byte),
     * so the kernel takes it from clone3 and unshare only.
     */
    public static final long NEWTIME = 0x80L;

    /** Every namespace bit clone(2) reads: the mask Docker's default profile tests clone's flags with. */
    public static final long NAMESPACES = NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET;
    /** Every namespace bit unshare(2) and clone3(2) read: {@link #NAMESPACES} and {@link #NEWTIME}. */
    public static final long NAMESPACES_WITH_TIME = NAMESPACES | NEWTIME;

    private CloneFlags() {
    }

    /**
     * Whether clone's first two arguments are swapped on {@code arch}: s390 and s390x take
     * {@code clone(newsp, flags, ...)} (CONFIG_CLONE_BACKWARDS2), every other arch the flags first.
     */
    public static boolean cloneArgumentsSwapped(Arch arch) {
        return arch == Arch.S390 || arch == Arch.S390X;
    }

    /** Which argument of {@code syscall} holds its flags on {@code arch}: clone's is the second on s390 and s390x. */
    public static int flagsIndex(String syscall, Arch arch) {
        return syscall.equals("clone") && cloneArgumentsSwapped(arch) ? 1 : 0;
    }
}
