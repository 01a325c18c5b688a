package org.syscage.cli;

import java.util.List;
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

    /**
     * oci, crd or crd-v1beta1: the formats of a profile a command builds (resolve, record, merge,
     * decompile), which has none of Docker's fields. The error lists only these.
     */
    static final class FormatConverter implements CommandLine.ITypeConverter<ProfileFormat> {
        @Override
        public ProfileFormat convert(String value) {
            return parse(value, ProfileFormat.BUILT);
        }
    }

    /** The names {@link FormatConverter} accepts, for help texts. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ProfileFormat.cliNames(ProfileFormat.BUILT).iterator();
        }
    }

    /** Every format, docker included: convert carries a Docker profile's own fields over. */
    static final class AnyFormatConverter implements CommandLine.ITypeConverter<ProfileFormat> {
        @Override
        public ProfileFormat convert(String value) {
            return parse(value, List.of(ProfileFormat.values()));
        }
    }

    /** The names {@link AnyFormatConverter} accepts, for help texts. */
    static final class AnyFormatNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return ProfileFormat.cliNames().iterator();
        }
    }

    private static ProfileFormat parse(String value, List<ProfileFormat> accepted) {
        try {
            return ProfileFormat.parse(value, accepted);
        } catch (InputException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
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
