package org.syscage.linux.launch;

import java.util.List;

/**
 * Signal names as messages show them. The numbers are those of x86, arm, riscv and most other
 * arches (mips, sparc and alpha differ; syscage does not run on them).
 */
public final class SignalNames {
    /** Index = signal number; 0 is no signal. */
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE",
            "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN",
            "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

    private SignalNames() {
    }

    /** {@code SIGSEGV} for 11; {@code signal 34} for a real-time or unknown number. */
    public static String of(int signal) {
        return signal >= 1 && signal < NAMES.size() ? "SIG" + NAMES.get(signal) : "signal " + signal;
    }
}
