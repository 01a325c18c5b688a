package org.syscage.linux.launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * The page the trampoline reads its arguments from and the child writes its outcome to. It is
 * a {@code MAP_SHARED} anonymous mapping, so the child's stores reach the parent without a
 * system call: once the filter is installed the child may make no call but execve.
 *
 * <pre>
 * offset size field          written by  meaning
 *      0    8 path           Java        char *: the resolved executable
 *      8    8 argv           Java        char *[]: NULL-terminated
 *     16    8 envp           Java        char *[]: NULL-terminated
 *     24    8 workDir        Java        char *, or NULL to stay in the JVM's directory
 *     32    8 prog           Java        struct sock_fprog *, or NULL for no filter
 *     40    8 seccompFlags   Java        SECCOMP_FILTER_FLAG_* bits
 *     48    8 spinLimit      Java        pause/yield rounds the child waits for the listener handoff
 *     56    8 blockAll       Java        sigset_t with every signal
 *     64    8 savedMask      trampoline  the calling thread's mask, restored in the parent
 *     72    8 resetIgnored   Java        bit n-1: reset signal n to SIG_DFL even if ignored
 *     80    4 failedStep     child       {@link ChildStep} code, 0 if none failed
 *     84    4 failedErrno    child       errno of the failed step
 *     88    4 listenerFd     child       the listener's number in the child
 *     92    4 listenerReady  child       1 once listenerFd is stored
 *     96    4 listenerTaken  Java        1 once the parent holds its own copy
 *    104   16 marker         Java        the child's comm until execve replaces it
 *    128   32 zeros          (mmap)      an empty sigset_t and a SIG_DFL struct sigaction
 *    160   32 oldAction      child       scratch for rt_sigaction
 * </pre>
 */
final class LaunchBlock {
    static final long SIZE = 4096;

    static final long PATH = 0;
    static final long ARGV = 8;
    static final long ENVP = 16;
    static final long WORK_DIR = 24;
    static final long PROG = 32;
    static final long SECCOMP_FLAGS = 40;
    static final long SPIN_LIMIT = 48;
    static final long BLOCK_ALL = 56;
    static final long SAVED_MASK = 64;
    static final long RESET_IGNORED = 72;
    static final long FAILED_STEP = 80;
    static final long FAILED_ERRNO = 84;
    static final long LISTENER_FD = 88;
    static final long LISTENER_READY = 92;
    static final long LISTENER_TAKEN = 96;
    static final long MARKER = 104;
    static final long ZEROS = 128;
    static final long OLD_ACTION = 160;

    /**
     * The name the child carries between fork and execve (15 bytes at most, as comm). A child
     * that dies still bearing it never reached the command: the filter killed its execve.
     */
    static final String MARKER_NAME = "syscage:execve";

    /**
     * One to about ten seconds, depending on how long the CPU's pause takes; the parent takes
     * the listener within microseconds unless it was itself stopped or killed.
     */
    static final long DEFAULT_SPIN_LIMIT = 1L << 28;

    private static final VarHandle INT = JAVA_INT.varHandle();

    private final MemorySegment page;

    LaunchBlock(MemorySegment page) {
        if (page.byteSize() < SIZE) {
            throw new IllegalArgumentException("launch block needs " + SIZE + " bytes");
        }
        this.page = page;
        page.set(JAVA_LONG, BLOCK_ALL, -1L);
        page.set(JAVA_LONG, SPIN_LIMIT, DEFAULT_SPIN_LIMIT);
        byte[] marker = MARKER_NAME.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(marker, 0, page, java.lang.foreign.ValueLayout.JAVA_BYTE, MARKER, marker.length);
    }

    MemorySegment segment() {
        return page;
    }

    void setPointer(long offset, MemorySegment target) {
        page.set(JAVA_LONG, offset, target.address());
    }

    void setLong(long offset, long value) {
        page.set(JAVA_LONG, offset, value);
    }

    /** The step that failed in the child, or empty when none reported. */
    int failedStep() {
        return (int) INT.getVolatile(page, FAILED_STEP);
    }

    int failedErrno() {
        return (int) INT.getVolatile(page, FAILED_ERRNO);
    }

    boolean listenerReady() {
        return (int) INT.getVolatile(page, LISTENER_READY) != 0;
    }

    int listenerFd() {
        return (int) INT.getVolatile(page, LISTENER_FD);
    }

    void markListenerTaken() {
        INT.setVolatile(page, LISTENER_TAKEN, 1);
    }
}
