package org.syscage.core.explain;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.syscage.core.arch.Arch;
import org.syscage.core.oracle.LibseccompOracle;

/**
 * Which names Debian's libseccomp resolves to a real syscall number on an arch. Its tables are
 * older than syscage's (Linux 7.1), so a differential test must leave out names it does not have
 * there: runc with that libseccomp skips them, runc with a current one does not.
 */
final class LibseccompNames {
    private static final String SCRIPT = String.join("\n",
            "import json, sys, seccomp",
            "req = json.load(sys.stdin)",
            "arch = getattr(seccomp.Arch, req['arch'])",
            "out = []",
            "for n in req['names']:",
            "    try:",
            "        if seccomp.resolve_syscall(arch, n) >= 0: out.append(n)",
            "    except Exception:",
            "        pass",
            "json.dump(out, sys.stdout)");

    private LibseccompNames() {}

    static Set<String> resolvable(Arch arch, Collection<String> names) {
        try {
            Process p = new ProcessBuilder(LibseccompOracle.PYTHON.toString(), "-c", SCRIPT).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(new ObjectMapper().writeValueAsBytes(java.util.Map.of(
                        "arch", arch.kernelName().toUpperCase(Locale.ROOT), "names", List.copyOf(names))));
            }
            String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            return new HashSet<>(List.of(new ObjectMapper().readValue(json, String[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
