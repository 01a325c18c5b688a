package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    /** What one CLI invocation printed and returned. */
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheProductAndExitsZero() {
        Run r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("syscage "), r.out());
    }

    @Test
    void helpListsExitCodes() {
        Run r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("Exit codes: 0 ok, 1"), r.out());
    }

    @Test
    void unknownCommandIsAUsageErrorWithOneHint() {
        Run r = run("no-such-command");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("syscage: "), r.err());
        assertTrue(r.err().contains("--help"), r.err());
    }

    @Test
    void missingCommandIsAUsageError() {
        Run r = run();
        assertEquals(2, r.code());
    }
}
