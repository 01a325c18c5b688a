package org.syscage.linux.ptrace;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.syscage.linux.ffm.NativeException;

/**
 * Makes a traced x86_64 process install {@code ret SECCOMP_RET_TRACE} as its seccomp filter, by
 * turning one of its execve calls into the install and then letting the execve run again.
 *
 * <p>At the execve's entry stop the registers are saved and replaced: {@code orig_rax} (the call
 * the kernel is about to run) becomes seccomp(2) or prctl(2), and the argument registers point at
 * a {@code struct sock_fprog} written below the stack pointer, past the 128-byte red zone, into
 * stack the process is not using. At the exit stop the result is read and the saved registers
 * come back with {@code rax} = execve's number and {@code rip} two bytes back (the length of
 * {@code syscall} and of {@code int 0x80}), so the process makes the execve again.
 *
 * <p>seccomp(2) needs no_new_privs without CAP_SYS_ADMIN: on EACCES, prctl(PR_SET_NO_NEW_PRIVS)
 * is injected first at the next execve entry, then the install once more.
 */
final class SeccompInjection {
    /** Offsets in x86_64's {@code struct user_regs_struct} (27 eight-byte registers). */
    private static final int REGS_BYTES = 27 * 8;
    private static final int RDX = 96;
    private static final int RSI = 104;
    private static final int RDI = 112;
    private static final int RAX = 80;
    private static final int R10 = 56;
    private static final int ORIG_RAX = 120;
    private static final int RIP = 128;
    private static final int RSP = 152;
    private static final int SECCOMP_X86_64 = 317;
    private static final int PRCTL_X86_64 = 157;
    private static final int SECCOMP_SET_MODE_FILTER = 1;
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int SECCOMP_RET_TRACE = 0x7ff00000;
    private static final short BPF_RET_K = 0x06;
    private static final int RED_ZONE = 128;

    enum Outcome { INSTALLED, AGAIN, FAILED }

    private enum Call { NO_NEW_PRIVS, SECCOMP }

    private final MemorySegment saved;
    private final MemorySegment regs;
    private Call pending;
    private Call next = Call.SECCOMP;
    private boolean triedNoNewPrivs;
    private String failure;

    SeccompInjection(Arena arena) {
        saved = arena.allocate(REGS_BYTES, Long.BYTES);
        regs = arena.allocate(REGS_BYTES, Long.BYTES);
    }

    /** Whether an injected call is between its entry and its exit. */
    boolean busy() {
        return pending != null;
    }

    String failure() {
        return failure;
    }

    /** At an execve entry stop of {@code tid}: replaces the call with the next one to inject. */
    void atExecveEntry(int tid) {
        Ptrace.checked("ptrace(PTRACE_GETREGS, " + tid + ")", Ptrace.PTRACE_GETREGS, tid, 0, saved.address());
        regs.copyFrom(saved);
        if (next == Call.SECCOMP) {
            long fprog = writeFilter(tid, (saved.get(JAVA_LONG, RSP) - RED_ZONE - 64) & ~15L);
            set(ORIG_RAX, SECCOMP_X86_64);
            set(RDI, SECCOMP_SET_MODE_FILTER);
            set(RSI, 0);
            set(RDX, fprog);
        } else {
            set(ORIG_RAX, PRCTL_X86_64);
            set(RDI, PR_SET_NO_NEW_PRIVS);
            set(RSI, 1);
            set(RDX, 0);
            set(R10, 0);
        }
        Ptrace.checked("ptrace(PTRACE_SETREGS, " + tid + ")", Ptrace.PTRACE_SETREGS, tid, 0, regs.address());
        pending = next;
    }

    /** At the injected call's exit stop: restores the execve and says what comes next. */
    Outcome atExit(int tid) {
        Ptrace.checked("ptrace(PTRACE_GETREGS, " + tid + ")", Ptrace.PTRACE_GETREGS, tid, 0, regs.address());
        long result = regs.get(JAVA_LONG, RAX);
        regs.copyFrom(saved);
        set(RAX, saved.get(JAVA_LONG, ORIG_RAX));
        set(RIP, saved.get(JAVA_LONG, RIP) - 2);
        Ptrace.checked("ptrace(PTRACE_SETREGS, " + tid + ")", Ptrace.PTRACE_SETREGS, tid, 0, regs.address());
        Call done = pending;
        pending = null;
        if (done == Call.NO_NEW_PRIVS) {
            if (result != 0) {
                failure = "prctl(PR_SET_NO_NEW_PRIVS) failed: " + new NativeException((int) -result, "prctl").getMessage();
                return Outcome.FAILED;
            }
            next = Call.SECCOMP;
            return Outcome.AGAIN;
        }
        if (result == 0) {
            return Outcome.INSTALLED;
        }
        if (result == -Ptrace.EACCES && !triedNoNewPrivs) {
            triedNoNewPrivs = true;
            next = Call.NO_NEW_PRIVS;
            return Outcome.AGAIN;
        }
        failure = "the kernel refused the tracing filter: " + new NativeException((int) -result, "seccomp").getMessage();
        return Outcome.FAILED;
    }

    private void set(int offset, long value) {
        regs.set(JAVA_LONG, offset, value);
    }

    /**
     * Writes the one-instruction program and its {@code struct sock_fprog} at {@code at} in the
     * tracee (through /proc/PID/mem, which a tracer may write); returns the sock_fprog's address.
     */
    private static long writeFilter(int tid, long at) {
        ByteBuffer bytes = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; } at `at`
        bytes.putShort(BPF_RET_K).put((byte) 0).put((byte) 0).putInt(SECCOMP_RET_TRACE);
        bytes.putLong(0); // padding, keeps the sock_fprog 16-byte aligned
        // struct sock_fprog { u16 len; (6 bytes padding) struct sock_filter *filter; } at `at + 16`
        bytes.putShort((short) 1).putShort((short) 0).putInt(0).putLong(at);
        bytes.flip();
        try (FileChannel mem = FileChannel.open(Path.of("/proc/" + tid + "/mem"), StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                mem.write(bytes, at + bytes.position());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tracing filter into pid " + tid, e);
        }
        return at + 16;
    }
}
