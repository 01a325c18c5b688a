package org.syscage.core.compiler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.profile.Profile;

/**
 * Runs the project's libseccomp oracle (tools/libseccomp-oracle.py, Debian's python3-seccomp)
 * on many profiles in one process: each profile built as runc builds it, libseccomp's program
 * exported.
 */
final class LibseccompOracle {
    /** libseccomp's program, or why runc would refuse the profile. */
    record Answer(BpfProgram program, String error) {
    }

    static final Path SCRIPT = findScript();

    /** libseccomp 2.5.4 loops forever on some rule sets; the oracle gives up on a job after this long. */
    static final int TIMEOUT_SECONDS = 20;

    /** The error the oracle answers with when libseccomp did not finish a job in time. */
    static boolean timedOut(Answer a) {
        return a.error() != null && a.error().startsWith("timeout:");
    }

    private LibseccompOracle() {
    }

    private static Path findScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("tools/libseccomp-oracle.py");
            if (Files.exists(s)) {
                return s;
            }
        }
        throw new IllegalStateException("tools/libseccomp-oracle.py not found above " + Path.of("").toAbsolutePath());
    }

    static List<Answer> run(List<Profile> profiles, Arch nativeArch) {
        try {
            Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            Thread feeder = new Thread(() -> {
                try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                    w.write("{\"jobs\": [");
                    for (int i = 0; i < profiles.size(); i++) {
                        w.write((i > 0 ? "," : "") + "{\"profile\":" + RandomProfiles.json(profiles.get(i))
                                + ",\"native\":\"" + nativeArch.kernelName() + "\",\"badArch\":\"SCMP_ACT_KILL_PROCESS\",\"timeout\":"
                                + TIMEOUT_SECONDS + "}");
                    }
                    w.write("]}");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            feeder.start();
            ObjectMapper json = new ObjectMapper();
            ByteOrder order = nativeArch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            List<Answer> out = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < profiles.size(); i++) {
                JsonNode n = json.readTree(r.readLine());
                out.add(n.get("error").isNull()
                        ? new Answer(BpfProgram.fromBytes(Base64.getDecoder().decode(n.get("bpf").asText()), order), null)
                        : new Answer(null, n.get("error").asText()));
            }
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
