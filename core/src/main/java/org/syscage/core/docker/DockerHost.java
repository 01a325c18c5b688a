package org.syscage.core.docker;

import java.util.Map;
import java.util.Optional;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;

/**
 * How dockerd names the architecture it runs on, which decides two things during resolution:
 * which {@code archMap} entry is used and which {@code arches} of includes/excludes match.
 *
 * <p>dockerd does not compare {@code arches} with its {@code runtime.GOARCH} directly. It first
 * maps GOARCH to a "native" name ({@code goToNative}) and compares that; then it maps the native
 * name to an OCI arch ({@code nativeToSeccomp}) and looks that up in {@code archMap}. The tables
 * here are moby's, entry for entry (github.com/moby/profiles seccomp/seccomp_linux.go, v0.2.0),
 * so their quirks are kept too:
 * <ul>
 *   <li>a 386 build compares as {@code x86} (the {@code "x86"} of the default profile matches
 *       only there); no build ever compares as {@code x32};</li>
 *   <li>mipsle maps to native {@code mipsel} but nativeToSeccomp knows only {@code mipsle}, and
 *       loong64 maps to {@code loongarch64} but nativeToSeccomp knows only {@code loong64}: on
 *       those hosts no archMap entry is ever chosen;</li>
 *   <li>GOARCH {@code mips} is missing from goToNative: it compares as the empty name and gets
 *       no archMap entry either.</li>
 * </ul>
 *
 * @param arch       the target arch
 * @param goarch     the GOARCH of a dockerd built for it
 * @param nativeName what {@code arches} lists are compared with (may be empty, never matching)
 * @param archMapKey the {@code archMap} architecture looked up, if any
 */
public record DockerHost(Arch arch, String goarch, String nativeName, Optional<Arch> archMapKey) {

    /** A dockerd's GOARCH for each target arch Go can build for. */
    private static final Map<Arch, String> GOARCH = Map.ofEntries(
            Map.entry(Arch.X86, "386"),
            Map.entry(Arch.X86_64, "amd64"),
            Map.entry(Arch.ARM, "arm"),
            Map.entry(Arch.AARCH64, "arm64"),
            Map.entry(Arch.LOONGARCH64, "loong64"),
            Map.entry(Arch.MIPS, "mips"),
            Map.entry(Arch.MIPSEL, "mipsle"),
            Map.entry(Arch.MIPS64, "mips64"),
            Map.entry(Arch.MIPSEL64, "mips64le"),
            Map.entry(Arch.MIPS64N32, "mips64p32"),
            Map.entry(Arch.MIPSEL64N32, "mips64p32le"),
            Map.entry(Arch.PPC, "ppc"),
            Map.entry(Arch.PPC64, "ppc64"),
            Map.entry(Arch.PPC64LE, "ppc64le"),
            Map.entry(Arch.RISCV64, "riscv64"),
            Map.entry(Arch.S390, "s390"),
            Map.entry(Arch.S390X, "s390x"));

    /** moby's goToNative. */
    private static final Map<String, String> GO_TO_NATIVE = Map.ofEntries(
            Map.entry("386", "x86"),
            Map.entry("amd64", "amd64"),
            Map.entry("arm", "arm"),
            Map.entry("arm64", "arm64"),
            Map.entry("loong64", "loongarch64"),
            Map.entry("mips64", "mips64"),
            Map.entry("mips64p32", "mips64n32"),
            Map.entry("mips64le", "mipsel64"),
            Map.entry("mips64p32le", "mips3l64n32"),
            Map.entry("mipsle", "mipsel"),
            Map.entry("ppc", "ppc"),
            Map.entry("ppc64", "ppc64"),
            Map.entry("ppc64le", "ppc64le"),
            Map.entry("riscv64", "riscv64"),
            Map.entry("s390", "s390"),
            Map.entry("s390x", "s390x"));

    /** moby's nativeToSeccomp. */
    private static final Map<String, Arch> NATIVE_TO_SECCOMP = Map.ofEntries(
            Map.entry("x86", Arch.X86),
            Map.entry("amd64", Arch.X86_64),
            Map.entry("arm", Arch.ARM),
            Map.entry("arm64", Arch.AARCH64),
            Map.entry("loong64", Arch.LOONGARCH64),
            Map.entry("mips64", Arch.MIPS64),
            Map.entry("mips64n32", Arch.MIPS64N32),
            Map.entry("mipsel64", Arch.MIPSEL64),
            Map.entry("mips3l64n32", Arch.MIPSEL64N32),
            Map.entry("mipsle", Arch.MIPSEL),
            Map.entry("ppc", Arch.PPC),
            Map.entry("ppc64", Arch.PPC64),
            Map.entry("ppc64le", Arch.PPC64LE),
            Map.entry("riscv64", Arch.RISCV64),
            Map.entry("s390", Arch.S390),
            Map.entry("s390x", Arch.S390X));

    /**
     * The dockerd that would run on {@code arch}.
     *
     * @throws InputException for an arch no dockerd is built for (x32, m68k, parisc, sh): Go has
     *                        no GOARCH for them. x32 is covered as a sub-arch of x86_64.
     */
    public static DockerHost of(Arch arch) {
        String goarch = GOARCH.get(arch);
        if (goarch == null) {
            String hint = arch == Arch.X32 ? "; x32 is covered as a sub-architecture of x86_64 (use --arch x86_64)" : "";
            throw new InputException("dockerd does not run on " + arch.kernelName()
                    + " (Go has no GOARCH for it)" + hint);
        }
        String nativeName = GO_TO_NATIVE.getOrDefault(goarch, "");
        return new DockerHost(arch, goarch, nativeName, Optional.ofNullable(NATIVE_TO_SECCOMP.get(nativeName)));
    }
}
