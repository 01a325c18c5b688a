package org.syscage.linux.ptrace;

import java.util.Arrays;
import java.util.HexFormat;
import org.syscage.core.arch.Arch;

/**
 * A seccomp mode the kernel put a traced thread into: a filter, or strict mode. Each is reported
 * once the call that asked for it has returned success.
 */
public sealed interface SeccompInstall {
    /** The process (thread group) id. */
    int pid();

    /** The thread that made the call; its filters are the ones that changed (all threads' with TSYNC). */
    int tid();

    /** The process's command name at the time, as /proc shows it (at most 15 bytes). */
    String command();

    /** The arch of the call: which syscall numbers the filter sees, and the byte order of its program. */
    Arch arch();

    /** The call as people read it, e.g. {@code seccomp(SECCOMP_SET_MODE_FILTER, TSYNC)}. */
    String call();

    /** One line for people, e.g. {@code pid 42 (man): seccomp(SECCOMP_SET_MODE_FILTER), x86_64, 455 instructions}. */
    String describe();

    /** Where the bytes of a captured filter were read. */
    enum Source {
        /** PTRACE_SECCOMP_GET_FILTER after the call returned: exactly what the kernel keeps. */
        KERNEL,
        /** The tracee's memory at the call's entry: what the call pointed the kernel at. */
        TRACEE_MEMORY
    }

    /**
     * A filter installed with {@code prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)} or
     * {@code seccomp(SECCOMP_SET_MODE_FILTER)}.
     *
     * @param program the {@code sock_filter} array, in the tracee's byte order (this machine's)
     */
    record Filter(int pid, int tid, String command, Arch arch, String call, byte[] program, Source source)
            implements SeccompInstall {
        public Filter {
            program = program.clone();
        }

        @Override
        public byte[] program() {
            return program.clone();
        }

        /** The number of instructions. */
        public int length() {
            return program.length / 8;
        }

        @Override
        public String describe() {
            return "pid " + pid + (tid != pid ? " thread " + tid : "") + " (" + command + "): " + call + ", "
                    + arch + ", " + length() + " instructions";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Filter f && pid == f.pid && tid == f.tid && command.equals(f.command)
                    && arch == f.arch && call.equals(f.call) && Arrays.equals(program, f.program) && source == f.source;
        }

        @Override
        public int hashCode() {
            return (((pid * 31 + tid) * 31 + call.hashCode()) * 31 + Arrays.hashCode(program)) * 31 + arch.hashCode();
        }

        @Override
        public String toString() {
            return "Filter[" + describe() + ", from " + source + ", " + HexFormat.of().formatHex(program) + "]";
        }
    }

    /** Strict mode ({@code SECCOMP_MODE_STRICT}): no filter; only read, write, _exit and sigreturn are allowed. */
    record Strict(int pid, int tid, String command, Arch arch, String call) implements SeccompInstall {
        @Override
        public String describe() {
            return "pid " + pid + (tid != pid ? " thread " + tid : "") + " (" + command + "): " + call
                    + ", strict mode (read, write, _exit and sigreturn only)";
        }
    }
}
