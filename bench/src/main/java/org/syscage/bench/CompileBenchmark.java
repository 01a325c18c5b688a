package org.syscage.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.docker.BuiltinProfiles;
import org.syscage.core.docker.DockerResolver;
import org.syscage.core.docker.KernelVersion;
import org.syscage.core.docker.ResolveOptions;
import org.syscage.core.format.ProfileReader;
import org.syscage.core.profile.Profile;

/**
 * Time to compile the benchmark profiles of bench/compiler/run.sh for x86_64 (runc's arch list:
 * x86_64, x86, x32 where the profile lists them): the whole pipeline as {@code syscage compile}
 * runs it (with the kernel's checks and the equivalence proof), and without the proof, as
 * {@code syscage run -p} compiles a profile at start-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {
    @Param({"docker-default", "docker-default+SYS_ADMIN", "web-server-allowlist", "denylist"})
    public String profile;

    private Profile input;
    private final CompileOptions verified = CompileOptions.runc(Arch.X86_64);
    private final CompileOptions unverified = CompileOptions.runc(Arch.X86_64).withVerify(false);

    @Setup(Level.Trial)
    public void load() {
        ResolveOptions amd64 = ResolveOptions.docker(Arch.X86_64, KernelVersion.parseRelease("6.8"));
        input = switch (profile) {
            case "docker-default" -> DockerResolver.resolve(BuiltinProfiles.dockerDefault(), amd64);
            case "docker-default+SYS_ADMIN" -> DockerResolver.resolve(BuiltinProfiles.dockerDefault(), amd64.withCapAdd("SYS_ADMIN"));
            default -> bundled(profile + ".json");
        };
    }

    private static Profile bundled(String name) {
        try (InputStream in = CompileBenchmark.class.getResourceAsStream("/profiles/" + name)) {
            if (in == null) {
                throw new IllegalStateException("benchmark profile " + name + " is not on the class path");
            }
            return ProfileReader.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@code syscage compile}: libseccomp's meaning, the optimized program, its proof. */
    @Benchmark
    public Compiler.Result compileAndProve() {
        return Compiler.compile(input, verified);
    }

    /** As {@code syscage run -p}: the same without the equivalence proof. */
    @Benchmark
    public Compiler.Result compile() {
        return Compiler.compile(input, unverified);
    }
}
