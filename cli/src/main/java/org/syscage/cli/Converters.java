package org.syscage.cli;

import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.format.ProfileFormat;
import picocli.CommandLine;

/** picocli converters shared by the commands: each turns the core's parse error into a usage error. */
final class Converters {
    private Converters() {}

    /** An arch in kernel, Go/Docker or OCI spelling. */
    static final class ArchConverter implements CommandLine.ITypeConverter<Arch> {
        @Override
        public Arch convert(String value) {
            try {
                return Arch.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** oci, docker, crd or crd-v1beta1. */
    static final class FormatConverter implements CommandLine.ITypeConverter<ProfileFormat> {
        @Override
        public ProfileFormat convert(String value) {
            try {
                return ProfileFormat.parse(value);
            } catch (InputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The names {@link FormatConverter} accepts, for help texts. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ProfileFormat.cliNames().iterator();
        }
    }

    /** A kernel release such as 5.10 or 5.10.0-generic. */
    static final class KernelConverter implements CommandLine.ITypeConverter<KernelVersion> {
        @Override
        public KernelVersion convert(String value) {
            try {
                return KernelVersion.parseRelease(value);
            } catch (InputException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** A time span: a positive number with ms, s, m or h (500ms, 10s, 2m, 1h). */
    static final class DurationConverter implements CommandLine.ITypeConverter<java.time.Duration> {
        private static final java.util.regex.Pattern SPAN = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)");

        @Override
        public java.time.Duration convert(String value) {
            java.util.regex.Matcher m = SPAN.matcher(value);
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration, expected a positive number with ms, s, m or h (e.g. 10s, 2m)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(n);
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                default -> java.time.Duration.ofHours(n);
            };
        }
    }
}
