package org.syscage.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders a page in Debian's headless Chromium, takes a screenshot and collects what the page
 * wrote to its console. Chromium logs every console message, uncaught exception and
 * Content-Security-Policy violation to stderr as a {@code :CONSOLE} line with
 * {@code --enable-logging=stderr}; a page that renders cleanly has none.
 */
final class HeadlessChromium {
    static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /**
     * @param console Chromium's console lines, one per message (empty when the page was silent)
     * @param log     everything Chromium printed, for failure messages
     */
    record Rendering(List<String> console, String log) {}

    /** The Chromium binary: SYSCAGE_CHROMIUM when set, else Debian's; a test fails (never skips) without one. */
    static Path binary() {
        String configured = System.getenv("SYSCAGE_CHROMIUM");
        Path chromium = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_BINARY;
        if (Files.isExecutable(chromium)) {
            return chromium;
        }
        if (System.getenv("CI") != null) {
            fail(chromium + " is missing, and CI is set: the CI job must install Debian's chromium "
                    + "(apt-get install -y chromium) so that the report is rendered and its screenshot kept");
        }
        return fail(chromium + " is missing: install Debian's chromium (sudo apt-get install chromium), or point "
                + "SYSCAGE_CHROMIUM at a Chromium binary; the report test renders the page in it");
    }

    /** Loads {@code page} in a {@code width}x{@code height} window and writes its screenshot as PNG. */
    static Rendering render(Path page, Path screenshot, int width, int height) throws IOException, InterruptedException {
        Path profileDir = Files.createTempDirectory("syscage-chromium");
        try {
            Files.createDirectories(screenshot.toAbsolutePath().getParent());
            Files.deleteIfExists(screenshot);
            // --no-sandbox: Chromium's sandbox refuses to run as root, as CI and this test machine do.
            ProcessBuilder pb = new ProcessBuilder(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profileDir,
                    "--enable-logging=stderr", "--v=0", "--window-size=" + width + "," + height,
                    "--screenshot=" + screenshot.toAbsolutePath(), page.toAbsolutePath().toUri().toString())
                    .redirectErrorStream(true);
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish within 120 s");
            }
            String log = new String(out, StandardCharsets.UTF_8);
            if (!Files.isRegularFile(screenshot)) {
                fail("chromium wrote no screenshot (exit " + p.exitValue() + "):\n" + log);
            }
            List<String> console = log.lines().filter(l -> l.contains(":CONSOLE")).toList();
            return new Rendering(console, log);
        } finally {
            deleteTree(profileDir);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
