package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.OptionalLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import picocli.CommandLine;

class NumberArgumentTest {

    @Property
    void everyLongPrintedInDecimalParsesBack(@ForAll long value) {
        assertEquals(value, NumberArgument.parse(Long.toString(value), "argument 0"));
        assertEquals(value, NumberArgument.parse(Long.toUnsignedString(value), "argument 0"));
    }

    @Property
    void everyLongPrintedInHexParsesBack(@ForAll long value) {
        assertEquals(value, NumberArgument.parse("0x" + Long.toHexString(value), "argument 0"));
        assertEquals(value, NumberArgument.parse("0X" + Long.toHexString(value).toUpperCase(), "argument 0"));
        // The signed reading in hex: -0x1 is 0xffffffffffffffff.
        BigInteger signed = BigInteger.valueOf(value);
        String signedHex = (value < 0 ? "-0x" : "0x") + signed.abs().toString(16);
        assertEquals(value, NumberArgument.parse(signedHex, "argument 0"));
    }

    @Property
    void underscoresMayGroupDigits(@ForAll long value) {
        String hex = Long.toHexString(value);
        String grouped = hex.length() > 4 ? hex.substring(0, hex.length() - 4) + "_" + hex.substring(hex.length() - 4) : hex;
        assertEquals(value, NumberArgument.parse("0x" + grouped, "argument 0"));
    }

    @Test
    void negativeNumbersAreTwosComplement() {
        assertEquals(0xffff_ffff_ffff_ff9cL, NumberArgument.parse("-100", "argument 0"));
        assertEquals(Long.MIN_VALUE, NumberArgument.parse("-9223372036854775808", "argument 0"));
        assertEquals(-1L, NumberArgument.parse("18446744073709551615", "argument 0"));
        assertEquals(42, NumberArgument.parse(" 42 ", "argument 0"), "surrounding blanks do not count");
    }

    @Test
    void errorsAreOneLineAndNameTheValue() {
        InputException word = assertThrows(InputException.class, () -> NumberArgument.parse("three", "argument 2"));
        assertEquals("argument 2 'three' is not a number, expected decimal or 0x hex, negative for two's complement",
                word.getMessage());
        InputException big = assertThrows(InputException.class,
                () -> NumberArgument.parse("0x1_0000_0000_0000_0000", "argument 0"));
        assertEquals("argument 0 '0x1_0000_0000_0000_0000' does not fit in 64 bits, expected a value from -2^63 to 2^64-1",
                big.getMessage());
        assertThrows(InputException.class, () -> NumberArgument.parse("-9223372036854775809", "argument 0"));
        for (String bad : new String[] {"", "0x", "0x-5", "1e3", "_1", "1_", "0x_1", "12abc", "--1"}) {
            assertFalse(NumberArgument.isNumber(bad), bad);
            assertThrows(InputException.class, () -> NumberArgument.parse(bad, "argument 0"), bad);
        }
    }

    @Test
    void valueOfIsEmptyForWhatParseRefuses() {
        assertEquals(OptionalLong.of(0x3c), NumberArgument.valueOf("0x3c"));
        assertEquals(OptionalLong.of(-1), NumberArgument.valueOf("-1"));
        assertEquals(OptionalLong.empty(), NumberArgument.valueOf("write"));
        assertEquals(OptionalLong.empty(), NumberArgument.valueOf("18446744073709551616"));
    }

    @Test
    void theOptionConverterLeavesTheOptionNameToPicocli() {
        assertEquals(0x7fff_0000L, new NumberArgument.Converter().convert("0x7fff0000"));
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> new NumberArgument.Converter().convert("pc"));
        assertEquals("'pc' is not a number, expected decimal or 0x hex, negative for two's complement", e.getMessage());
        assertTrue(NumberArgument.isNumber("0x7fff0000"));
    }
}
