package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;

/** An i386 program (gcc -m32, Debian's gcc-multilib) is recorded under SCMP_ARCH_X86. */
class CompatRecordingTest {
    @Test
    void i386CallsAreRecordedUnderX86(@TempDir Path dir) throws Exception {
        Path program = hello32(dir);

        Recording r = Recorder.record(List.of(program.toString()), System.getenv(), true);

        assertEquals(0, r.commandExit());
        Set<String> x86 = r.byArch().get(Arch.X86);
        // execve is an x86_64 call (made by the starting shell); everything after it is i386.
        assertTrue(x86 != null && x86.containsAll(Set.of("write", "exit_group", "brk")), String.valueOf(r.byArch()));
        assertEquals(Set.of("execve"), r.byArch().get(Arch.X86_64));
        assertEquals(List.of(Arch.X86_64, Arch.X86), List.copyOf(r.byArch().keySet()));
    }

    /** An i386 "hello" program built in {@code dir}. */
    static Path hello32(Path dir) throws Exception {
        Path source = dir.resolve("hello.c");
        Files.writeString(source, "#include <stdio.h>\nint main(void) { puts(\"hi\"); return 0; }\n");
        Path program = dir.resolve("hello32");
        Process gcc = new ProcessBuilder("gcc", "-m32", "-o", program.toString(), source.toString()).inheritIO().start();
        assertEquals(0, gcc.waitFor(), "gcc -m32 failed: is gcc-multilib installed?");
        return program;
    }
}
