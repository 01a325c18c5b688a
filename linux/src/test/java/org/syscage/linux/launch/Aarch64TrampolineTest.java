package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.core.arch.Arch;

/**
 * Runs the aarch64 trampoline for real where qemu's user-mode emulator is installed
 * (qemu-user-static): a minimal static aarch64 executable, built here, calls the trampoline on a
 * launch block of its own, waits for the child and exits with its status. The command is a
 * host program, which qemu's execve runs natively. Where no emulator is installed, no test is
 * generated; the listing is still checked by {@link TrampolineListingTest}.
 *
 * <p>qemu refuses seccomp to the programs it emulates (it would filter qemu itself), so with a
 * filter the child must stop at that step, exit 127 and not run the command: the fail-closed
 * path, on aarch64.
 */
class Aarch64TrampolineTest {
    private static final long BASE = 0x400000;
    private static final int START = 0x100;
    private static final int TRAMPOLINE = 0x200;
    private static final int STATUS = 0x800;
    private static final int DATA = 0x900;
    private static final int BLOCK = 0x1000;
    private static final int SIZE = 0x2000;

    /** _start: x0 = &block; bl trampoline; wait4(pid, &status, 0, 0); exit with the shell's code. */
    private static final String START_LISTING = """
                    d2820000 | mov x0, #0x1000
                    f2a00800 | movk x0, #0x40, lsl #16         ; x0 = 0x401000, the block
                    9400003e | bl 0x200                        ; the trampoline: x0 = pid
                    d2810001 | mov x1, #0x800
                    f2a00801 | movk x1, #0x40, lsl #16         ; x1 = 0x400800, the status word
                    d2800002 | mov x2, #0x0                    ; options
                    d2800003 | mov x3, #0x0                    ; rusage
                    d2802088 | mov x8, #0x104                  ; wait4
                    d4000001 | svc #0x0
                    b9400020 | ldr w0, [x1]
                    12001802 | and w2, w0, #0x7f               ; the signal that killed it, if any
                    34000062 | cbz w2, 0x138
                    11020040 | add w0, w2, #0x80               ; 128 + signal
                    14000002 | b 0x13c
                    53083c00 | ubfx w0, w0, #8, #8             ; exit status
                    d2800bc8 | mov x8, #0x5e                   ; exit_group
                    d4000001 | svc #0x0
            """;

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> theTrampolineRunsOnAarch64() {
        Optional<String> qemu = Stream.of("qemu-aarch64-static", "qemu-aarch64").filter(this::runs).findFirst();
        if (qemu.isEmpty()) {
            // CI installs qemu-user-static (.ci/run); there a missing emulator is a failure, not a pass.
            assertTrue(System.getenv("CI") == null, "CI must have qemu-user-static installed");
            return Stream.empty();
        }
        return Stream.of(
                DynamicTest.dynamicTest("a command runs in its directory with a clean signal state", () -> {
                    Path sub = Files.createDirectory(dir.resolve("sub"));
                    int code = run(qemu.get(), "pwd -P >out; cat /proc/self/status >status; ls /proc/self/fd >fds; "
                            + "exit 7", sub, false);
                    assertEquals(7, code);
                    assertEquals(sub.toRealPath().toString(), Files.readString(sub.resolve("out")).strip());
                    List<String> status = Files.readAllLines(sub.resolve("status"));
                    assertTrue(status.contains("SigBlk:\t0000000000000000"), String.join("\n", status));
                    assertEquals(List.of("0", "1", "2", "3"), Files.readAllLines(sub.resolve("fds")));
                }),
                DynamicTest.dynamicTest("a failed step ends the child with 127 before the command", () -> {
                    int code = run(qemu.get(), "touch marker", dir, true);
                    assertEquals(127, code);
                    assertFalse(Files.exists(dir.resolve("marker")));
                }));
    }

    private boolean runs(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private int run(String qemu, String script, Path workDir, boolean withFilter) throws Exception {
        Path elf = dir.resolve("launch-" + System.nanoTime());
        Files.write(elf, executable(script, workDir, withFilter));
        assertTrue(elf.toFile().setExecutable(true), "qemu runs only executable files");
        Process p = new ProcessBuilder(qemu, elf.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the emulated launcher ended");
        assertEquals("", output, "nothing printed");
        return p.exitValue();
    }

    /** One RWX PT_LOAD segment at BASE: headers, _start, the trampoline, data, the block. */
    private static byte[] executable(String script, Path workDir, boolean withFilter) {
        ByteBuffer image = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        // ELF64 header
        image.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).position(16);
        image.putShort((short) 2).putShort((short) 183).putInt(1);  // ET_EXEC, EM_AARCH64, EV_CURRENT
        image.putLong(BASE + START).putLong(64).putLong(0);        // entry, phoff, shoff
        image.putInt(0).putShort((short) 64).putShort((short) 56);  // flags, ehsize, phentsize
        image.putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        // program header: PT_LOAD, PF_R|PF_W|PF_X, the whole image
        image.putInt(1).putInt(7).putLong(0).putLong(BASE).putLong(BASE).putLong(SIZE).putLong(SIZE)
                .putLong(0x1000);

        image.put(START, Listing.parse(START_LISTING, Listing.Hex.LITTLE_ENDIAN_WORDS).code());
        image.put(TRAMPOLINE, Trampoline.listing(Arch.AARCH64).code());

        int[] cursor = {DATA};
        long sh = string(image, cursor, "/bin/sh");
        long dashC = string(image, cursor, "-c");
        long body = string(image, cursor, script);
        long path = string(image, cursor, "PATH=/usr/bin:/bin");
        long cwd = string(image, cursor, workDir.toString());
        long argv = pointers(image, cursor, sh, dashC, body, 0);
        long envp = pointers(image, cursor, path, 0);
        long prog = 0;
        if (withFilter) {
            byte[] filter = TestFilters.allowAll();
            cursor[0] = (cursor[0] + 7) & ~7;
            long insns = BASE + cursor[0];
            image.put(cursor[0], filter);
            cursor[0] += filter.length;
            prog = BASE + cursor[0];
            image.putShort(cursor[0], (short) (filter.length / 8)).putLong(cursor[0] + 8, insns);
            cursor[0] += 16;
        }
        assertTrue(cursor[0] < BLOCK, "data fits below the block");

        image.putLong(BLOCK + (int) LaunchBlock.PATH, sh);
        image.putLong(BLOCK + (int) LaunchBlock.ARGV, argv);
        image.putLong(BLOCK + (int) LaunchBlock.ENVP, envp);
        image.putLong(BLOCK + (int) LaunchBlock.WORK_DIR, cwd);
        image.putLong(BLOCK + (int) LaunchBlock.PROG, prog);
        image.putLong(BLOCK + (int) LaunchBlock.SPIN_LIMIT, LaunchBlock.DEFAULT_SPIN_LIMIT);
        image.putLong(BLOCK + (int) LaunchBlock.BLOCK_ALL, -1L);
        image.put(BLOCK + (int) LaunchBlock.MARKER, LaunchBlock.MARKER_NAME.getBytes(StandardCharsets.US_ASCII));
        return image.array();
    }

    private static long string(ByteBuffer image, int[] cursor, String s) {
        long address = BASE + cursor[0];
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        image.put(cursor[0], bytes);
        cursor[0] += bytes.length + 1;
        return address;
    }

    private static long pointers(ByteBuffer image, int[] cursor, long... values) {
        cursor[0] = (cursor[0] + 7) & ~7;
        long address = BASE + cursor[0];
        for (long value : values) {
            image.putLong(cursor[0], value);
            cursor[0] += 8;
        }
        return address;
    }
}
