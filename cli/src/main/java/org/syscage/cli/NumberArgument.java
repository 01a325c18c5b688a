package org.syscage.cli;

import java.math.BigInteger;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.syscage.core.InputException;
import picocli.CommandLine;

/**
 * The one syntax the commands accept for a 64-bit value (a syscall argument, an instruction
 * pointer, a syscall number): decimal or {@code 0x} hex, {@code _} allowed between digits, and a
 * leading {@code -} for the two's complement of the number ({@code -1} is 0xffffffffffffffff),
 * so that both the signed and the unsigned reading of a register can be typed. Values run from
 * -2^63 to 2^64-1.
 */
final class NumberArgument {
    private NumberArgument() {}

    private static final Pattern SYNTAX = Pattern.compile(
            "([-+]?)(?:0[xX]([0-9a-fA-F]+(?:_+[0-9a-fA-F]+)*)|([0-9]+(?:_+[0-9]+)*))");
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);
    private static final BigInteger MIN = BigInteger.ONE.shiftLeft(63).negate();

    /** Whether {@code text} is written as a number (it may still be out of range). */
    static boolean isNumber(String text) {
        return SYNTAX.matcher(text.strip()).matches();
    }

    /**
     * The value of {@code text}, or a one-line error naming it: {@code what 'text' is not a
     * number...}, e.g. with {@code what} "argument 0".
     */
    static long parse(String text, String what) {
        return value(text, problem -> new InputException(what + " '" + text + "' " + problem));
    }

    /**
     * A syscall number: seccomp_data.nr is a 32-bit int, so the value must fit in 32 bits, read
     * unsigned (0 to 0xffffffff) or as a negative int ({@code -1} is 0xffffffff, the number a tracer
     * writes to skip a call, which the filter then sees). {@code what} names the value in errors.
     */
    static int syscallNumber(String text, String what) {
        long v = parse(text, what);
        if (v < Integer.MIN_VALUE || v > 0xffff_ffffL) {
            throw new InputException(what + " '" + text + "' does not fit in 32 bits (seccomp_data.nr), "
                    + "expected 0 to 0xffffffff, or -2^31 to -1 for its two's complement");
        }
        return (int) v;
    }

    /** The value of {@code text}; empty when it is not a number or out of range. */
    static OptionalLong valueOf(String text) {
        try {
            return OptionalLong.of(value(text, IllegalArgumentException::new));
        } catch (IllegalArgumentException notANumber) {
            return OptionalLong.empty();
        }
    }

    /** For an option: picocli names the option, the message names the value. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            return value(text, problem -> new CommandLine.TypeConversionException("'" + text + "' " + problem));
        }
    }

    /** The value, or {@code error} of what is wrong with it (the caller says which value that is). */
    private static long value(String text, Function<String, RuntimeException> error) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            throw error.apply("is not a number, expected decimal or 0x hex, negative for two's complement");
        }
        BigInteger v = m.group(2) != null
                ? new BigInteger(m.group(2).replace("_", ""), 16)
                : new BigInteger(m.group(3).replace("_", ""));
        if (m.group(1).equals("-")) {
            v = v.negate();
        }
        if (v.compareTo(MIN) < 0 || v.compareTo(TWO_TO_64) >= 0) {
            throw error.apply("does not fit in 64 bits, expected a value from -2^63 to 2^64-1");
        }
        return v.longValue();
    }
}
