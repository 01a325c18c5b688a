package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.syscage.cli.MainTest.Run;

class ExplainCommandTest {

    static Run explain(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--arch", "x86_64", "--kernel", "6.8"}, 0, all, 1 + args.length, 4);
        return MainTest.run(all);
    }

    @Test
    void seed004DiagnosisOnDockersDefault() {
        Run r = explain("builtin", "get_mempolicy");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("get_mempolicy is allowed only with CAP_SYS_NICE (includes.caps); this container "
                + "lacks it → ERRNO(1) EPERM by defaultAction\n"), r.out());
        assertTrue(r.out().contains("  - add --cap-add SYS_NICE (dockerd then keeps the rule at line 827)\n"), r.out());
    }

    @Test
    void withCapAddSysNiceItIsAllowed() {
        Run r = explain("builtin", "get_mempolicy", "--cap-add", "SYS_NICE");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("get_mempolicy matches the rule at line 827, kept by dockerd because the container "
                + "has CAP_SYS_NICE → ALLOW\n"), r.out());
        assertTrue(r.out().endsWith("allowed: nothing to change.\n"), r.out());
    }

    @Test
    void argumentsAcceptDecimalHexAndNegativeNumbers() throws IOException {
        JsonNode j = new ObjectMapper().readTree(explain("builtin", "personality", "0x20008", "--format", "json").out());
        assertEquals(true, j.get("allowed").asBoolean());
        assertEquals("131080", j.get("args").get(0).asText());
        JsonNode neg = new ObjectMapper().readTree(explain("builtin", "personality", "-1", "--format", "json").out());
        assertEquals("18446744073709551615", neg.get("args").get(0).asText());
        assertEquals(false, neg.get("allowed").asBoolean(), "0xffffffffffffffff is not 0xffffffff on x86_64");
    }

    /** Numbers as emu and syscalls read them: hex, decimal, and -1 as 0xffffffff (which no syscall has). */
    @Test
    void syscallNumbersAreThirtyTwoBits() {
        assertTrue(explain("builtin", "0xef").out().startsWith("get_mempolicy "), "239 is get_mempolicy on x86_64");
        Run minusOne = explain("builtin", "-1");
        assertEquals(2, minusOne.code());
        assertEquals("syscage: no syscall has number -1 (4294967295) on x86_64, expected a syscall name or number of "
                + "x86_64\n", minusOne.err());
        assertEquals(minusOne.err(), explain("builtin", "0xffffffff").err());
    }

    @Test
    void mistakesAreOneLineUsageErrors() {
        Run typo = explain("builtin", "get_mempolcy");
        assertEquals(2, typo.code());
        assertEquals("syscage: unknown syscall 'get_mempolcy' (did you mean 'get_mempolicy'?), expected a syscall "
                + "name or number of x86_64\n", typo.err());
        Run notANumber = explain("builtin", "personality", "eight");
        assertEquals(2, notANumber.code());
        assertTrue(notANumber.err().startsWith("syscage: argument 0 'eight' is not a number"), notANumber.err());
        assertEquals(2, explain("builtin", "read", "1", "2", "3", "4", "5", "6", "7").code());
        Run tooBig = explain("builtin", "personality", "0x10000000000000000");
        assertEquals("syscage: argument 0 '0x10000000000000000' does not fit in 64 bits, expected a value from -2^63 "
                + "to 2^64-1\n", tooBig.err());
        Run wide = explain("builtin", "4294967296");
        assertEquals("syscage: SYSCALL '4294967296' does not fit in 32 bits (seccomp_data.nr), expected 0 to 0xffffffff, "
                + "or -2^31 to -1 for its two's complement\n", wide.err());
        Run format = explain("builtin", "read", "--format", "yaml");
        assertEquals(2, format.code());
        assertTrue(format.err().startsWith("syscage: Invalid value for option '--format': expected one of [text, json]"),
                format.err());
    }
}
