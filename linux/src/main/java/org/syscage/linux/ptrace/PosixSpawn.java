package org.syscage.linux.ptrace;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.syscage.linux.ffm.CStrings;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.launch.SignalForwarding;

/**
 * Starts a program with the C library's posix_spawn(3), the way the JDK's own process launcher
 * does, but without a {@link Process}: the JDK reaps every child it starts with a blocking
 * waitpid on a thread of its own, and a tracer in the same process would lose the child's
 * ptrace stops to it (a waitpid from any thread of the tracer's process reports them).
 *
 * <p>The child runs on no Java code: glibc creates it with {@code clone(CLONE_VM | CLONE_VFORK)}
 * and it only sets up descriptors and the signal mask before execve.
 */
final class PosixSpawn {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();

    /** Opaque glibc structures: 80 bytes (file actions) and 336 bytes (attributes) on x86_64; room to spare. */
    private static final long OPAQUE_BYTES = 1024;
    /** sigset_t is 128 bytes in glibc. */
    private static final long SIGSET_BYTES = 128;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;

    private static final MethodHandle SPAWN = function("posix_spawn", FunctionDescriptor.of(JAVA_INT,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle ACTIONS_INIT = function("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_DESTROY = function("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ACTIONS_DUP2 = function("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** glibc 2.34+ (and POSIX 2024 without the suffix); without it descriptors the JVM left open leak into the child. */
    private static final Optional<MethodHandle> ACTIONS_CLOSEFROM = LIBC.find("posix_spawn_file_actions_addclosefrom_np")
            .or(() -> LIBC.find("posix_spawn_file_actions_addclosefrom"))
            .map(symbol -> LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)));
    private static final MethodHandle ATTR_INIT = function("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_DESTROY = function("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ATTR_SETFLAGS = function("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    private static final MethodHandle ATTR_SETSIGMASK = function("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle ATTR_SETSIGDEFAULT = function("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SIGEMPTYSET = function("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SIGADDSET = function("sigaddset", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private PosixSpawn() {
    }

    /**
     * Starts {@code path} with {@code argv} and {@code env}, in this process's working directory,
     * with descriptors 0-2 inherited (1 replaced by 2 when {@code stdoutToStderr}), every other
     * descriptor closed, no signal blocked and the signals syscage ignores for itself
     * ({@link SignalForwarding#ignoredBySyscage()}) back at their default action. The child is a child of the calling thread.
     *
     * @return the child's pid
     */
    static int spawn(String path, List<String> argv, Map<String, String> env, boolean stdoutToStderr) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(OPAQUE_BYTES, 16);
            MemorySegment attr = arena.allocate(OPAQUE_BYTES, 16);
            MemorySegment mask = arena.allocate(SIGSET_BYTES, 16);
            check("posix_spawn_file_actions_init", (int) ACTIONS_INIT.invokeExact(actions));
            try {
                check("posix_spawnattr_init", (int) ATTR_INIT.invokeExact(attr));
                try {
                    if (stdoutToStderr) {
                        check("posix_spawn_file_actions_adddup2", (int) ACTIONS_DUP2.invokeExact(actions, 2, 1));
                    }
                    if (ACTIONS_CLOSEFROM.isPresent()) {
                        check("posix_spawn_file_actions_addclosefrom_np",
                                (int) ACTIONS_CLOSEFROM.get().invokeExact(actions, 3));
                    }
                    // The calling Java thread blocks signals the JVM keeps for itself (SIGQUIT);
                    // a command expects to start with none blocked.
                    if ((int) SIGEMPTYSET.invokeExact(mask) != 0) {
                        throw new IllegalStateException("sigemptyset failed");
                    }
                    check("posix_spawnattr_setsigmask", (int) ATTR_SETSIGMASK.invokeExact(attr, mask));
                    // Ignored signals stay ignored across execve; those syscage ignores only while it
                    // forwards signals (SIGQUIT) must reach the command with their default action.
                    MemorySegment reset = arena.allocate(SIGSET_BYTES, 16);
                    if ((int) SIGEMPTYSET.invokeExact(reset) != 0) {
                        throw new IllegalStateException("sigemptyset failed");
                    }
                    long ignored = SignalForwarding.ignoredBySyscage();
                    for (int signal = 1; signal <= 64; signal++) {
                        if ((ignored & (1L << (signal - 1))) != 0 && (int) SIGADDSET.invokeExact(reset, signal) != 0) {
                            throw new IllegalStateException("sigaddset(" + signal + ") failed");
                        }
                    }
                    check("posix_spawnattr_setsigdefault", (int) ATTR_SETSIGDEFAULT.invokeExact(attr, reset));
                    check("posix_spawnattr_setflags", (int) ATTR_SETFLAGS.invokeExact(attr,
                            (short) (POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)));
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    check("posix_spawn(" + path + ")", (int) SPAWN.invokeExact(pid, arena.allocateFrom(path),
                            actions, attr, CStrings.array(arena, argv), CStrings.environment(arena, env)));
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) ACTIONS_DESTROY.invokeExact(actions);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("posix_spawn could not be called", t);
        }
    }

    /** The posix_spawn family returns an error number instead of setting errno. */
    private static void check(String call, int error) {
        if (error != 0) {
            throw new NativeException(error, call);
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name)
                .orElseThrow(() -> new UnsupportedOperationException("the C library has no " + name + "()")), descriptor);
    }
}
