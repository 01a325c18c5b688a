package org.syscage.linux.launch;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import org.syscage.core.arch.Arch;

/**
 * The host's launch trampoline, copied into a page of its own that is then made read-only and
 * executable, and called through an FFM downcall handle as {@code long f(LaunchBlock *)}.
 *
 * <p>Why machine code: between fork and execve the child is a copy of a multi-threaded JVM with
 * one thread left; running Java code there (or any libc function that takes a lock) can
 * deadlock, and the seccomp filter must be installed after fork and before execve. The
 * trampoline makes only raw system calls on memory Java prepared before the fork, as
 * posix_spawn does inside libc.
 */
final class Trampoline {
    private static final long PAGE = 4096;

    private final MethodHandle entry;

    private Trampoline(byte[] code) {
        if (code.length > PAGE) {
            throw new IllegalStateException("trampoline larger than a page");
        }
        MemorySegment page = Kernel.mmap(PAGE, Kernel.PROT_READ | Kernel.PROT_WRITE,
                Kernel.MAP_PRIVATE | Kernel.MAP_ANONYMOUS);
        MemorySegment.copy(code, 0, page, JAVA_BYTE, 0, code.length);
        // Never writable and executable at once. On aarch64 the kernel makes the instruction
        // cache coherent when it maps a user page executable, so no cache flush is needed here.
        Kernel.mprotect(page, Kernel.PROT_READ | Kernel.PROT_EXEC);
        this.entry = Linker.nativeLinker().downcallHandle(page, FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    }

    /** The listing for an arch, or an exception naming the arches that have one. */
    static Listing listing(Arch arch) {
        return switch (arch) {
            case X86_64 -> Listing.parse(X86_64Trampoline.LISTING, Listing.Hex.BYTES);
            case AARCH64 -> Listing.parse(Aarch64Trampoline.LISTING, Listing.Hex.LITTLE_ENDIAN_WORDS);
            default -> throw new UnsupportedOperationException(
                    "running a command under a filter is not supported on " + arch + " yet (x86_64 and aarch64 are)");
        };
    }

    private static final class Holder {
        static final Trampoline HOST = new Trampoline(listing(Arch.host()).code());
    }

    /** The trampoline for the arch this JVM runs on, loaded on first use. */
    static Trampoline host() {
        return Holder.HOST;
    }

    /** Runs the trampoline: in the parent, returns the child's pid or {@code -errno}. */
    long call(LaunchBlock block) {
        try {
            return (long) entry.invokeExact(block.segment());
        } catch (Throwable t) {
            throw new IllegalStateException("the launch trampoline could not be called", t);
        }
    }
}
