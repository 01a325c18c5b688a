package org.syscage.core.profile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The comparisons as libseccomp defines them: unsigned 64-bit, MASKED_EQ masking the expected value. */
class OpTest {
    @Test
    void orderingIsUnsigned() {
        // -1 is 0xffffffffffffffff: the largest value, not the smallest
        assertTrue(Op.GT.holds(-1L, 5, 0));
        assertFalse(Op.LT.holds(-1L, 5, 0));
        assertTrue(Op.LE.holds(5, 5, 0));
        assertFalse(Op.GE.holds(4, 5, 0));
    }

    @Test
    void maskedEqMasksTheExpectedValueToo() {
        // (0xff & 0xff) == (0x1ff & 0xff): libseccomp allows personality(0xff) under MASKED_EQ(0xff, 0x1ff)
        assertTrue(ArgCondition.maskedEq(0, 0xff, 0x1ff).holds(0xff));
        assertFalse(ArgCondition.maskedEq(0, 0xff, 0x1ff).holds(0xfe));
    }

    @Test
    void equalityComparesAllSixtyFourBits() {
        assertFalse(ArgCondition.of(0, Op.EQ, 5).holds(0x1_0000_0005L));
        assertTrue(ArgCondition.of(0, Op.NE, 5).holds(0x1_0000_0005L));
    }
}
