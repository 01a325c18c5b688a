package org.syscage.linux.launch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
 * lost: it is held and delivered as soon as {@link #forwardTo} names the command. A recorder
 * names a {@link Receiver} of its own instead ({@link GracefulStop}: every process of the
 * recording gets the signal, and what is left after a grace period is killed), or only asks
 * {@link #firstSignal()} whether to stop watching.
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
    private final List<int[]> pending = new ArrayList<>();
    private Receiver target;
    private volatile int first;

    /** Where caught signals go once {@link #forwardTo(Receiver)} names it. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * Called on a signal-handling thread for each signal caught.
         *
         * @param signal   the signal's number (SIGINT 2, SIGTERM 15, SIGHUP 1)
         * @param keyboard the signal came from the terminal's keyboard to the whole foreground
         *                 process group, so the command (in that group) got it from the kernel
         *                 already; passing it on would deliver it twice
         */
        void received(int signal, boolean keyboard);
    }

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

    /**
     * Relays caught signals to {@code child} and every process below it from now on, starting with
     * any held so far (a shell waiting for its foreground job would otherwise wait for the job to
     * end by itself). Nothing is killed after a grace period: unlike a recording, a run lets CMD
     * decide what a signal means (SIGHUP may well mean "reload").
     */
    public void forwardTo(LaunchResult child) {
        GracefulStop.Processes processes = child.processes();
        forwardTo((signal, keyboard) -> {
            if (!keyboard) {
                processes.signalAll(signal);
            }
        });
    }

    /** Hands caught signals to {@code receiver} from now on, starting with any held so far. */
    public void forwardTo(Receiver receiver) {
        List<int[]> held;
        synchronized (this) {
            target = receiver;
            held = List.copyOf(pending);
            pending.clear();
        }
        held.forEach(signal -> receiver.received(signal[0], signal[1] != 0));
    }

    /** The first signal caught since {@link #install()}, keyboard ones included; empty when none came. */
    public OptionalInt firstSignal() {
        int signal = first;
        return signal == 0 ? OptionalInt.empty() : OptionalInt.of(signal);
    }

    /**
     * The signals (bit n-1 for signal n) that syscage ignores only while forwarding: a command it
     * starts must reset them to their default action even though they are ignored in syscage.
     */
    public static long ignoredBySyscage() {
        return ignoredBySyscage;
    }

    private void received(Signal signal) {
        int number = signal.getNumber();
        boolean keyboard = number == SIGINT && keyboardReachesCommand();
        Receiver receiver;
        synchronized (this) {
            if (first == 0) {
                first = number;
            }
            receiver = target;
            if (receiver == null) {
                pending.add(new int[] {number, keyboard ? 1 : 0});
                return;
            }
        }
        receiver.received(number, keyboard);
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
