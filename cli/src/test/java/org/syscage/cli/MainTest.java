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

    /** Each registered command's name, from its annotation, as a user types it. */
    private static String name(Class<?> command) {
        return command.getAnnotation(picocli.CommandLine.Command.class).name();
    }

    @Test
    void helpListsEveryCommand() {
        Run r = run("--help");
        for (Class<?> command : Main.COMMANDS) {
            assertTrue(r.out().contains("\n  " + name(command) + " "), name(command) + " missing from:\n" + r.out());
        }
    }

    @Test
    void aCommandRunRegistersOnlyThatCommand() {
        assertEquals(java.util.List.of(RunCommand.class), Main.commandsFor(new String[] {"--debug", "run", "-p", "x", "--", "ls"}));
        assertEquals(Main.COMMANDS, Main.commandsFor(new String[] {"help", "run"}));
        assertEquals(Main.COMMANDS, Main.commandsFor(new String[] {"runn"}));
        assertEquals(java.util.List.of(), Main.commandsFor(new String[] {"--version"}));
    }

    @Test
    void helpOnACommandStillWorks() {
        Run r = run("help", "compile");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Usage: syscage compile"), r.out());
    }
}
