package org.syscage.linux.launch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes the signals a launcher process receives on to the command it runs, so that
 * {@code kill -TERM <launcher>} ends the command and the launcher then exits with the command's
 * status, as if the launcher were not there.
 *
 * <ul>
 *   <li>SIGTERM and SIGHUP are always relayed.</li>
 *   <li>SIGINT is relayed unless the launcher's process group is the foreground group of its
 *       terminal: then the signal came from the keyboard, and the kernel sent it to the whole
 *       group, command included. Relaying it would deliver Ctrl-C twice.</li>
 *   <li>SIGQUIT cannot be caught from Java (the JVM reserves it for thread dumps), so the
 *       launcher ignores it while installed, as system(3) does; the command does not inherit
 *       that. A keyboard Ctrl-\ still reaches the command through the process group;
 *       {@code kill -QUIT <launcher>} is not relayed.</li>
 * </ul>
 *
 * Install it before {@link Launcher#launch} so that a signal arriving during the launch is not
 * lost: it is held and delivered as soon as {@link #forwardTo} names the command.
 * Handlers are sun.misc.Signal's (module jdk.unsupported), the JDK's supported way for an
 * application to catch INT, TERM and HUP.
 */
public final class SignalForwarding implements AutoCloseable {
    static final int SIGHUP = 1;
    static final int SIGINT = 2;
    static final int SIGQUIT = 3;
    static final int SIGTERM = 15;

    /** Signals (bit n-1 for signal n) syscage ignores itself; the child resets them. */
    private static volatile long ignoredBySyscage;

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment previousQuitAction;
    private final int tty;
    private final List<Integer> pending = new ArrayList<>();
    private LaunchResult target;

    private SignalForwarding() {
        tty = Kernel.openOrMinusOne("/dev/tty", Kernel.O_RDONLY | Kernel.O_NOCTTY | Kernel.O_CLOEXEC);
        for (String name : List.of("INT", "TERM", "HUP")) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, this::received));
        }
        previousQuitAction = arena.allocate(Kernel.KERNEL_SIGACTION_BYTES, 8);
        Kernel.sigaction(SIGQUIT, MemorySegment.NULL, previousQuitAction);
        MemorySegment ignore = arena.allocate(Kernel.KERNEL_SIGACTION_BYTES, 8);
        MemorySegment.copy(previousQuitAction, 0, ignore, 0, Kernel.KERNEL_SIGACTION_BYTES);
        ignore.set(ValueLayout.JAVA_LONG, 0, Kernel.SIG_IGN); // sa_handler comes first
        ignoredBySyscage |= 1L << (SIGQUIT - 1);
        Kernel.sigaction(SIGQUIT, ignore, MemorySegment.NULL);
    }

    /** Starts catching INT, TERM and HUP (held until {@link #forwardTo}) and ignoring QUIT. */
    public static SignalForwarding install() {
        return new SignalForwarding();
    }

    /** Relays caught signals to {@code child} from now on, starting with any held so far. */
    public void forwardTo(LaunchResult child) {
        List<Integer> held;
        synchronized (this) {
            target = child;
            held = List.copyOf(pending);
            pending.clear();
        }
        held.forEach(child::signal);
    }

    /** The signals the launched child must reset to their default action even though ignored. */
    static long ignoredBySyscage() {
        return ignoredBySyscage;
    }

    private void received(Signal signal) {
        int number = signal.getNumber();
        if (number == SIGINT && keyboardReachesCommand()) {
            return;
        }
        LaunchResult child;
        synchronized (this) {
            child = target;
            if (child == null) {
                pending.add(number);
                return;
            }
        }
        child.signal(number);
    }

    private boolean keyboardReachesCommand() {
        return tty >= 0 && Kernel.tcgetpgrp(tty) == Kernel.getpgrp();
    }

    /** Restores the handlers and the disposition of SIGQUIT that were there before. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
        Kernel.sigaction(SIGQUIT, previousQuitAction, MemorySegment.NULL);
        ignoredBySyscage &= ~(1L << (SIGQUIT - 1));
        if (tty >= 0) {
            Kernel.close(tty);
        }
        arena.close();
    }
}
