package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;

class FilterInputTest {

    @Test
    void errorsAboutTheContentNameTheInput() {
        InputException e = assertThrows(InputException.class,
                () -> FilterInput.parse(new byte[] {6, 0, 0}, "f.bpf", Arch.X86_64));
        assertTrue(e.getMessage().startsWith("f.bpf: "), e.getMessage());
        InputException fromStdin = assertThrows(InputException.class, () -> FilterInput.naming("-", () -> {
            throw new InputException("instruction 0000 is invalid");
        }));
        assertEquals("<stdin>: instruction 0000 is invalid", fromStdin.getMessage());
        assertEquals("ok", FilterInput.naming("f.bpf", () -> "ok"));
    }

    @Test
    void bytesRoundTripInTheArchsByteOrder() {
        byte[] allowBigEndian = {0, 6, 0, 0, 0x7f, (byte) 0xff, 0, 0};
        var program = FilterInput.parse(allowBigEndian, "f.bpf", Arch.S390X);
        assertEquals(0x7fff0000, program.getFirst().k());
        assertArrayEquals(allowBigEndian, FilterInput.toBytes(program, Arch.S390X));
    }
}
