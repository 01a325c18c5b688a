package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syscage.cli.HeadlessChromium.Rendering;
import org.syscage.cli.MainTest.Run;
import org.syscage.core.arch.Arch;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.linux.ptrace.SyscallTracer;
import org.syscage.linux.record.BaseSyscalls;
import org.syscage.linux.record.RecordReport;
import org.syscage.linux.record.RecordedSyscall;
import org.syscage.linux.record.Recording;

/**
 * The report page in a real browser: Debian's headless Chromium renders it without a single
 * console message (no script error, no policy violation), and the screenshot is kept at
 * {@code cli/target/report-screenshot.png} for CI to publish.
 */
class ReportInChromiumTest {
    static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void aRecordedProfileWithItsRecordingRendersCleanly(@TempDir Path dir) throws Exception {
        // The profile and sidecar exactly as 'syscage record' writes them.
        Recording recording = new Recording(List.of(
                new RecordedSyscall(Arch.X86_64, "openat", 41, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "read", 17, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "write", 3, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "mmap", 24, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "connect", 1, 3102, "/usr/bin/curl"),
                new RecordedSyscall(Arch.X86_64, "clone3", 2, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "futex", 9, 3103, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86_64, "clock_gettime", 5, 3101, "/usr/bin/ls"),
                new RecordedSyscall(Arch.X86, "read", 2, 3104, "/opt/legacy32")),
                Map.of(), 0, SyscallTracer.Stops.SECCOMP, null);
        RecordReport recorded = new RecordReport(recording, BaseSyscalls.RUNC, Arch.X86_64);
        Path profile = dir.resolve("app.json");
        Path sidecar = dir.resolve("app.json.report.json");
        Files.writeString(profile, ProfileWriter.write(recorded.profile(), ProfileFormat.OCI));
        Files.writeString(sidecar, recorded.toJson());
        Path page = Path.of("target", "report-sample.html");
        Run r = ReportCommandTest.report(profile.toString(), "--recording", sidecar.toString(), "-o", page.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(page);
        assertTrue(html.contains("41 calls on x86_64, first by pid 3101 <code>/usr/bin/ls</code>"), "counts on the page");

        Rendering rendering = HeadlessChromium.render(page, SCREENSHOT, 1280, 2400);
        assertEquals(List.of(), rendering.console(), rendering.log());
        assertPng(SCREENSHOT);
        System.out.println("report screenshot: " + SCREENSHOT.toAbsolutePath());
    }

    @Test
    void hostileNamesAndCommentsDoNotRunInTheBrowser(@TempDir Path dir) throws Exception {
        Path profile = dir.resolve("hostile.json");
        Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ERRNO",
                 "syscalls": [{"names": ["read", "<script>console.error('name ran')<\\/script>"],
                               "action": "SCMP_ACT_ALLOW",
                               "comment": "<script>console.error('comment ran')<\\/script><img src=x onerror=console.error(1)>"}]}
                """);
        Path page = dir.resolve("hostile.html");
        Run r = ReportCommandTest.report(profile.toString(), "-o", page.toString());
        assertEquals(0, r.code(), r.err());
        Rendering rendering = HeadlessChromium.render(page, dir.resolve("hostile.png"), 1024, 900);
        assertEquals(List.of(), rendering.console(), rendering.log());
    }

    /** Negative controls: the check above would see an error, an exception, or a script the policy blocks. */
    @Test
    void theConsoleCheckSeesErrorsExceptionsAndBlockedScripts(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, "<!DOCTYPE html><html><head><title>x</title></head><body><p>x</p>"
                + "<script>console.error('deliberate error'); undefinedFunction();</script></body></html>");
        Rendering seen = HeadlessChromium.render(broken, dir.resolve("broken.png"), 800, 600);
        assertEquals(2, seen.console().size(), seen.log());
        assertTrue(seen.console().getFirst().contains("deliberate error"), seen.console().toString());
        assertTrue(seen.console().get(1).contains("undefinedFunction is not defined"), seen.console().toString());

        // A real report page with a script smuggled in, as if escaping had failed: its policy blocks it, loudly.
        Path page = dir.resolve("smuggled.html");
        Run r = ReportCommandTest.report("builtin", "-o", "-");
        Files.writeString(page, r.out().replace("<main>", "<main><script>document.title = 'ran';</script>"));
        Rendering blocked = HeadlessChromium.render(page, dir.resolve("smuggled.png"), 800, 600);
        assertEquals(1, blocked.console().size(), blocked.log());
        assertTrue(blocked.console().getFirst().contains("Content Security Policy"), blocked.console().toString());
    }

    private static void assertPng(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > 20_000, file + " is only " + bytes.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, java.util.Arrays.copyOf(bytes, 8), "a PNG file");
    }
}
