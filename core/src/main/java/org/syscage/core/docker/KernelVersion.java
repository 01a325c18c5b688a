package org.syscage.core.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.syscage.core.InputException;

/**
 * A Linux kernel version as dockerd compares it: only the kernel version and the major revision
 * (the {@code 4} and {@code 8} of {@code 4.8.0-rc1}). Minor revisions, {@code -rc} tags and
 * distribution suffixes are ignored, so {@code 4.8}, {@code 4.8.17-generic} and
 * {@code 4.8.0-rc1} are all the same version here. This is moby's {@code KernelVersion}
 * (profiles/seccomp/seccomp.go) and its comparison ({@code kernelGreaterEqualThan},
 * profiles/seccomp/kernel_linux.go).
 *
 * <p>Both numbers are unsigned, as in moby (Go {@code uint64}); compare them with
 * {@link #compareTo}, which treats them so.
 */
public record KernelVersion(long kernel, long major) implements Comparable<KernelVersion> {

    /** moby's limit for each number of a {@code minKernel}: it parses them as 8-bit unsigned. */
    private static final int MIN_KERNEL_PART_MAX = 255;

    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    public static KernelVersion of(long kernel, long major) {
        return new KernelVersion(kernel, major);
    }

    /**
     * Parses a kernel release the way dockerd reads {@code uname -r} (Go's
     * {@code fmt.Sscanf(release, "%d.%d")}): two unsigned decimal numbers joined by a dot at the
     * start, each optionally preceded by blanks; whatever follows is ignored. {@code 3.12-1-amd64},
     * {@code 3.10.0-862.el7.x86_64} and {@code 6.18.0} are fine; {@code 3}, {@code 3.},
     * {@code -3.8} and {@code a.b} are not.
     *
     * @throws InputException when the text does not start with {@code <kernel>.<major>}
     */
    public static KernelVersion parseRelease(String release) {
        Scanner s = new Scanner(release);
        long kernel = s.unsignedNumber();
        s.expect('.');
        long major = s.unsignedNumber();
        if (s.failed()) {
            throw new InputException("cannot read kernel version '" + release
                    + "': expected <kernel>.<major> such as 5.10 or 5.10.0-generic");
        }
        return new KernelVersion(kernel, major);
    }

    /**
     * Parses a profile's {@code minKernel} the strict way dockerd decodes it: exactly
     * {@code <kernel>.<major>}, each a decimal number 0..255, not both zero ({@code 4.8},
     * {@code 5.10}; not {@code 4}, {@code 4.8.1}, {@code 4.15abc} or {@code 0.0}). An empty
     * string is accepted and means 0.0, as in moby, where it then matches every kernel.
     *
     * @throws InputException naming the text and the expected form
     */
    public static KernelVersion parseMinKernel(String text) {
        if (text.isEmpty()) {
            return new KernelVersion(0, 0);
        }
        String[] parts = text.split("\\.", 3);
        if (parts.length != 2) {
            throw badMinKernel(text, "");
        }
        int kernel = minKernelPart(text, parts[0]);
        int major = minKernelPart(text, parts[1]);
        if (kernel == 0 && major == 0) {
            throw badMinKernel(text, ": version cannot be 0.0");
        }
        return new KernelVersion(kernel, major);
    }

    private static int minKernelPart(String text, String part) {
        if (part.isEmpty() || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw badMinKernel(text, "");
        }
        String significant = part.replaceFirst("^0+(?=.)", "");
        int value = significant.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(significant);
        if (value > MIN_KERNEL_PART_MAX) {
            throw badMinKernel(text, ": each number must be at most " + MIN_KERNEL_PART_MAX);
        }
        return value;
    }

    private static InputException badMinKernel(String text, String why) {
        return new InputException("invalid minKernel '" + text + "', expected \"<kernel>.<major>\" such as \"4.8\"" + why);
    }

    /**
     * The version of the kernel this JVM runs on: {@code /proc/sys/kernel/osrelease} (what
     * {@code uname -r} prints, which dockerd reads), else the JVM's {@code os.version}.
     *
     * @throws InputException when neither can be read as a kernel version
     */
    public static KernelVersion running() {
        String release;
        try {
            release = Files.readString(OSRELEASE).strip();
        } catch (IOException | UnsupportedOperationException e) {
            release = System.getProperty("os.version", "");
        }
        try {
            return parseRelease(release);
        } catch (InputException e) {
            throw new InputException("cannot tell the running kernel's version from '" + release
                    + "'; give it with --kernel X.Y");
        }
    }

    /** Whether this kernel is at least {@code min}: moby's {@code kernelGreaterEqualThan}. */
    public boolean atLeast(KernelVersion min) {
        return compareTo(min) >= 0;
    }

    @Override
    public int compareTo(KernelVersion o) {
        int byKernel = Long.compareUnsigned(kernel, o.kernel);
        return byKernel != 0 ? byKernel : Long.compareUnsigned(major, o.major);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(kernel) + "." + Long.toUnsignedString(major);
    }

    /** A cursor over a release string that remembers the first failure, like Go's scanner. */
    private static final class Scanner {
        private final String text;
        private int pos;
        private boolean failed;

        Scanner(String text) {
            this.text = text;
        }

        /** Go's %d into an unsigned integer: skip blanks (not newlines), then one or more digits. */
        long unsignedNumber() {
            if (failed) {
                return 0;
            }
            while (pos < text.length() && text.charAt(pos) != '\n' && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            if (pos == start) {
                failed = true;
                return 0;
            }
            try {
                return Long.parseUnsignedLong(text, start, pos, 10);
            } catch (NumberFormatException outOfRange) {
                failed = true;
                return 0;
            }
        }

        void expect(char c) {
            if (!failed && pos < text.length() && text.charAt(pos) == c) {
                pos++;
            } else {
                failed = true;
            }
        }

        boolean failed() {
            return failed;
        }
    }
}
