package org.syscage.core.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.syscage.core.InputException;

class KernelVersionTest {

    /** Releases as uname prints them; dockerd keeps only the first two numbers. */
    @ParameterizedTest
    @CsvSource({
            "3.8, 3, 8",
            "3.8.0, 3, 8",
            "3.8.0-19-generic, 3, 8",
            "3.4.54.longterm-1, 3, 4",
            "3.10.0-862.2.3.el7.x86_64, 3, 10",
            "3.12.8tag, 3, 12",
            "3.12-1-amd64, 3, 12",
            "3.12foobar, 3, 12",
            "99.999.999-19-generic, 99, 999",
            "4.8.0-rc1, 4, 8",
            "6.18.0-arch1-1, 6, 18",
    })
    void releaseKeepsKernelAndMajorOnly(String release, long kernel, long major) {
        assertEquals(KernelVersion.of(kernel, major), KernelVersion.parseRelease(release));
    }

    @Test
    void releaseMayHaveBlanksBeforeEachNumberLikeGoScanf() {
        assertEquals(KernelVersion.of(5, 10), KernelVersion.parseRelease(" 5. 10"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "3.", "3a", "3.a", "a", "a.a", "a.a.a-a", "-3", "-3.", "-3.8", "-3.-8", "3.-8", "", "3 .8",
            "99999999999999999999.1"})
    void malformedReleaseIsAnInputError(String release) {
        InputException e = assertThrows(InputException.class, () -> KernelVersion.parseRelease(release));
        assertTrue(e.getMessage().contains("<kernel>.<major>"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"4.8, 4, 8", "5.10, 5, 10", "0.5, 0, 5", "0.50, 0, 50", "50.0, 50, 0", "4.15, 4, 15", "255.007, 255, 7"})
    void minKernelIsExactlyKernelDotMajor(String text, long kernel, long major) {
        assertEquals(KernelVersion.of(kernel, major), KernelVersion.parseMinKernel(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0", "3", ".3", "3.", "true", "3.12.1", "4.15abc", "4.8.0-rc1", " 4.8", "+4.8", "256.1", "4.1000"})
    void malformedMinKernelIsAnInputError(String text) {
        InputException e = assertThrows(InputException.class, () -> KernelVersion.parseMinKernel(text));
        assertTrue(e.getMessage().startsWith("invalid minKernel '" + text + "'"), e.getMessage());
    }

    @Test
    void emptyMinKernelMeansZeroAsInMoby() {
        assertEquals(KernelVersion.of(0, 0), KernelVersion.parseMinKernel(""));
    }

    @Test
    void comparisonLooksAtKernelThenMajor() {
        KernelVersion min = KernelVersion.parseMinKernel("4.8");
        assertTrue(KernelVersion.parseRelease("4.8").atLeast(min));
        assertTrue(KernelVersion.parseRelease("4.8.0-rc1").atLeast(min), "an rc of 4.8 counts as 4.8");
        assertTrue(KernelVersion.parseRelease("4.10").atLeast(min), "10 > 8 numerically, not as text");
        assertTrue(KernelVersion.parseRelease("5.0").atLeast(min));
        assertFalse(KernelVersion.parseRelease("4.7.99").atLeast(min));
        assertFalse(KernelVersion.parseRelease("3.99").atLeast(min));
    }

    @Test
    void printsAsKernelDotMajor() {
        assertEquals("5.10", KernelVersion.parseRelease("5.10.0-generic").toString());
    }

    @Test
    void runningKernelIsReadable() {
        KernelVersion running = KernelVersion.running();
        assertTrue(running.kernel() >= 2, running.toString());
    }
}
