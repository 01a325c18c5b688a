package org.syscage.core.oracle;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.Insn;

/**
 * The reference side of syscage's differential tests: Debian's libseccomp, driven the way runc
 * drives it, through {@code tools/libseccomp-oracle.py} and {@code /usr/bin/python3}'s
 * python3-seccomp binding.
 *
 * <p>One python process builds a whole batch, so thousands of profiles cost seconds, not
 * minutes. The script's behaviour (rules equal to the default dropped, unknown names skipped,
 * repeated argument indexes split into separate rules, socketcall/ipc multiplexing) is
 * described in {@code docs/libseccomp-oracle.md}.
 *
 * <pre>{@code
 * var oracle = new LibseccompOracle();
 * var job = new LibseccompOracle.Job(profileJson, Arch.X86_64, List.of(Arch.X86_64, Arch.X86),
 *         "SCMP_ACT_KILL_PROCESS", 2);
 * OracleResult r = oracle.build(job);
 * List<Insn> program = r.instructions(Arch.X86_64);
 * }</pre>
 */
public final class LibseccompOracle {
    /** The interpreter Debian's python3-seccomp is built for (not a pyenv or venv python). */
    public static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String SCRIPT = "tools/libseccomp-oracle.py";

    /** Batches are cut so that one python process never holds more than this much profile text. */
    private static final long MAX_BATCH_CHARS = 32L << 20;
    private static final int MAX_BATCH_JOBS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private static volatile Boolean available;

    /**
     * One filter to build.
     *
     * @param profileJson a plain OCI {@code linux.seccomp} object (no Docker extensions)
     * @param nativeArch  the arch runc would run on; libseccomp starts every filter with it
     * @param arches      further arches to add (the profile's own {@code architectures} are ignored)
     * @param badArch     action for a foreign arch, e.g. {@code SCMP_ACT_KILL_PROCESS} or
     *                    {@code SCMP_ACT_ERRNO(38)}; null keeps libseccomp's default (KILL_THREAD),
     *                    which is what runc gets
     * @param optimize    libseccomp's SCMP_FLTATR_CTL_OPTIMIZE, 1 or 2; 0 lets the script choose
     *                    as runc 1.2+ does (2 when the profile has more than 32 rule names;
     *                    runc 1.1.x always gets 1)
     */
    public record Job(String profileJson, Arch nativeArch, List<Arch> arches, String badArch, int optimize) {
        public Job {
            Objects.requireNonNull(profileJson, "profileJson");
            Objects.requireNonNull(nativeArch, "nativeArch");
            arches = List.copyOf(arches);
            if (optimize < 0 || optimize > 2) {
                throw new IllegalArgumentException("optimize must be 0, 1 or 2, got " + optimize);
            }
        }
    }

    /**
     * libseccomp's answer for one job.
     *
     * @param bpf     the exported {@code sock_filter} array, null when {@code error} is set
     * @param skipped names libseccomp does not know, which runc leaves out of the filter
     * @param error   why runc would refuse the profile, or null
     */
    public record OracleResult(byte[] bpf, List<String> skipped, String error) {
        public OracleResult {
            skipped = List.copyOf(skipped);
        }

        public boolean ok() {
            return error == null;
        }

        /**
         * The program as instructions. libseccomp writes each instruction in the byte order of
         * the filter's arches (all arches of one filter share it), so pass any of them.
         */
        public List<Insn> instructions(Arch filterArch) {
            if (bpf == null) {
                throw new IllegalStateException("libseccomp built no filter: " + error);
            }
            ByteBuffer in = ByteBuffer.wrap(bpf)
                    .order(filterArch.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            List<Insn> program = new ArrayList<>(bpf.length / Insn.BYTES);
            while (in.remaining() >= Insn.BYTES) {
                int code = Short.toUnsignedInt(in.getShort());
                int jt = Byte.toUnsignedInt(in.get());
                int jf = Byte.toUnsignedInt(in.get());
                program.add(new Insn(code, jt, jf, in.getInt()));
            }
            return List.copyOf(program);
        }
    }

    private final Path script;

    /** Finds {@code tools/libseccomp-oracle.py} in the working directory or one of its parents. */
    public LibseccompOracle() {
        this(findScript());
    }

    public LibseccompOracle(Path script) {
        this.script = script;
    }

    /**
     * Whether {@code /usr/bin/python3} can import python3-seccomp. Tests must not skip when this
     * is false: they assert it, so a machine without the oracle fails loudly.
     */
    public static boolean available() {
        Boolean known = available;
        if (known == null) {
            known = probe();
            available = known;
        }
        return known;
    }

    /** The message tests show when {@link #available()} is false. */
    public static String missingMessage() {
        return "libseccomp oracle unavailable: " + PYTHON
                + " cannot import seccomp (apt-get install python3-seccomp libseccomp-dev)";
    }

    public OracleResult build(Job job) {
        return build(List.of(job)).getFirst();
    }

    /** Builds every job, in order; one python process per batch of up to 5,000 jobs. */
    public List<OracleResult> build(List<Job> jobs) {
        List<OracleResult> results = new ArrayList<>(jobs.size());
        int from = 0;
        while (from < jobs.size()) {
            int to = from;
            long chars = 0;
            while (to < jobs.size() && to - from < MAX_BATCH_JOBS
                    && (to == from || chars + jobs.get(to).profileJson().length() <= MAX_BATCH_CHARS)) {
                chars += jobs.get(to).profileJson().length();
                to++;
            }
            for (JsonNode line : runScript(jobs.subList(from, to), false)) {
                results.add(toResult(line));
            }
            from = to;
        }
        return List.copyOf(results);
    }

    /**
     * libseccomp's pseudo filter code (PFC) for a job: the readable form of the same filter,
     * handy to see which rules libseccomp made of a profile. Throws when libseccomp refuses it.
     */
    public String pfc(Job job) {
        JsonNode line = runScript(List.of(job), true).getFirst();
        if (!line.path("error").isNull()) {
            throw new IllegalStateException("libseccomp refused the profile: " + line.path("error").asText());
        }
        return line.path("pfc").asText();
    }

    private List<JsonNode> runScript(List<Job> batch, boolean pfc) {
        List<JsonNode> profiles = new ArrayList<>(batch.size());
        for (Job job : batch) {
            profiles.add(parseProfile(job));
        }
        Process process;
        try {
            process = new ProcessBuilder(PYTHON.toString(), script.toString()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + PYTHON + " " + script, e);
        }
        // stderr is drained aside so a chatty interpreter can never block on a full pipe.
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                writeBatch(batch, profiles, pfc, stdin);
            }
            List<JsonNode> lines = new ArrayList<>(batch.size());
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(JSON.readTree(line));
                }
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("libseccomp oracle did not finish");
            }
            if (process.exitValue() != 0 || lines.size() != batch.size()) {
                throw new IllegalStateException("libseccomp oracle failed (exit " + process.exitValue() + ", "
                        + lines.size() + " of " + batch.size() + " results): " + stderr.join().strip());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("talking to the libseccomp oracle: " + stderr.join().strip(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while waiting for the libseccomp oracle", e);
        }
    }

    /**
     * Parsed, not pasted into the batch: a malformed profile fails here, on its own, instead of
     * breaking the whole batch on the python side.
     */
    private static JsonNode parseProfile(Job job) {
        try {
            return JSON.readTree(job.profileJson());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("profileJson is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeBatch(List<Job> batch, List<JsonNode> profiles, boolean pfc, OutputStream stdin)
            throws IOException {
        try (JsonGenerator out = JSON.createGenerator(stdin)) {
            out.writeStartObject();
            out.writeArrayFieldStart("jobs");
            for (int i = 0; i < batch.size(); i++) {
                Job job = batch.get(i);
                out.writeStartObject();
                out.writeFieldName("profile");
                JSON.writeTree(out, profiles.get(i));
                out.writeStringField("native", job.nativeArch().kernelName());
                out.writeArrayFieldStart("arches");
                for (Arch arch : job.arches()) {
                    out.writeString(arch.kernelName());
                }
                out.writeEndArray();
                if (job.badArch() != null) {
                    out.writeStringField("badArch", job.badArch());
                }
                out.writeNumberField("optimize", job.optimize());
                if (pfc) {
                    out.writeBooleanField("pfc", true);
                }
                out.writeEndObject();
            }
            out.writeEndArray();
            out.writeEndObject();
        }
    }

    private static OracleResult toResult(JsonNode line) {
        byte[] bpf = line.path("bpf").isTextual() ? Base64.getDecoder().decode(line.path("bpf").asText()) : null;
        List<String> skipped = new ArrayList<>();
        line.path("skipped").forEach(n -> skipped.add(n.asText()));
        String error = line.path("error").isTextual() ? line.path("error").asText() : null;
        return new OracleResult(bpf, skipped, error);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(stderr unreadable: " + e.getMessage() + ")";
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    private static boolean probe() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import seccomp")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Path findScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SCRIPT);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(SCRIPT + " not found in " + Path.of("").toAbsolutePath()
                + " or its parents");
    }
}
