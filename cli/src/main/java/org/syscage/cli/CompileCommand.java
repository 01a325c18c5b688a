package org.syscage.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.compiler.ActionValue;
import org.syscage.core.compiler.BpfCodegen;
import org.syscage.core.compiler.CompileException;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.compiler.Renderings;
import org.syscage.core.explain.ResolvedProfile;
import org.syscage.core.format.LocatedProfile;
import org.syscage.core.format.SourceLocation;
import org.syscage.core.format.Suggestions;
import org.syscage.core.profile.SyscallRule;
import org.syscage.core.syscalls.SyscallTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage compile}: a profile to a verified classic-BPF seccomp filter. */
@Command(name = "compile",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Compile a seccomp profile into a classic-BPF filter that decides exactly as libseccomp 2.5 decides "
                        + "when runc feeds it the profile, in fewer instructions.",
                "The filter covers the arch runc runs on (--arch, default this machine's) and the profile's "
                        + "architectures, as runc builds it; -a restricts it to the named arches. Unless --no-verify, "
                        + "the program is checked with the kernel's rules and proven equivalent to the profile's meaning. "
                        + "Statistics go to stderr. See docs/compiler.md."},
        footer = {"",
                "Examples:",
                "  syscage compile profile.json -o filter.bpf",
                "  syscage compile builtin -f pfc",
                "      Docker's default profile as dockerd resolves it here, as pseudo code",
                "  syscage compile builtin --arch arm64 --cap-add SYS_ADMIN -f c -o filter.c",
                "  syscage compile profile.json -a x86_64 --enosys-stub -f disasm",
                "  syscage compile builtin -f dot | dot -Tsvg > filter.svg"})
final class CompileCommand implements Callable<Integer> {

    enum Format { bpf, c, disasm, dot, pfc }

    @Parameters(index = "0", paramLabel = "IN|builtin",
            description = "A profile: OCI, Docker or SPO CRD, JSON or YAML (- reads stdin), or 'builtin' for "
                    + "Docker's default profile.")
    String input;

    @Option(names = {"-a", "--filter-arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "Cover only these arches (repeatable). Default: the --arch one and the profile's.")
    List<Arch> arches = new ArrayList<>();

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "bpf",
            description = "bpf (the kernel's sock_filter array, 8 bytes per instruction in the arches' byte "
                    + "order), c (a C array), disasm, dot (the control-flow graph for Graphviz) or pfc (pseudo code). "
                    + "Default: ${DEFAULT-VALUE}.")
    Format format;

    @Option(names = "--arch", paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "The arch runc (and dockerd) run on: always in the filter, as runc adds it, and the arch "
                    + "a Docker-format profile is resolved for. Default: this machine's.")
    Arch nativeArch;

    @CommandLine.Mixin
    ContainerOptions container;

    @Option(names = "--enosys-stub",
            description = "Return ENOSYS for syscalls newer than the profile (runc's stub, also for syscalls "
                    + "added out of order) instead of the default action.")
    boolean enosysStub;

    @Option(names = "--bad-arch", paramLabel = "ACTION", defaultValue = "KILL_PROCESS",
            description = "What syscalls of other arches get: kill_process, kill_thread, trap, errno(N), trace(N), "
                    + "log, allow. Default: ${DEFAULT-VALUE}.")
    String badArch;

    @Option(names = "--strict", description = "A syscall name no architecture has is an error (FILE:LINE:COLUMN), not a warning.")
    boolean strict;

    @Option(names = "--no-verify", description = "Skip the kernel checks and the equivalence proof.")
    boolean noVerify;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        int badArchAction = ActionValue.parse(badArch).orElseThrow(() -> new InputException(
                "--bad-arch: unknown action '" + badArch + "', expected kill_process, kill_thread, trap, errno(N), "
                        + "trace(N), log or allow"));
        Arch runsOn = nativeArch != null ? nativeArch : Arch.host();
        LocatedProfile located = LocatedInput.read(input);
        if (strict) {
            checkNamesKnown(located);
        }
        ResolvedProfile profile = ResolvedProfile.of(located.profile(), container.options(runsOn));
        CompileOptions options = CompileOptions.runc(runsOn).withArches(arches).withBadArchAction(badArchAction)
                .withStrict(strict).withEnosysStub(enosysStub).withVerify(!noVerify);
        Compiler.Result result;
        try {
            result = Compiler.compile(profile.resolved(), options);
        } catch (CompileException e) {
            throw e.rule().<InputException>map(place -> new InputException(where(located, profile, place) + ": " + e.detail()))
                    .orElse(e);
        }
        PrintWriter err = out.err();
        for (String w : result.warnings()) {
            err.println("syscage: warning: " + w);
        }
        switch (format) {
            case bpf -> out.write(result.program().toBytes(result.spec().dispatches().isEmpty()
                    || result.spec().dispatches().getFirst().littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN));
            case c -> out.write(Renderings.cArray(result.program(), result.spec()));
            case disasm -> out.write(Renderings.disasm(result.program(), result.spec()));
            case dot -> out.write(Renderings.dot(result.program(), result.spec()));
            case pfc -> out.write(Renderings.pfc(result.spec()));
        }
        printStats(err, result);
        return ExitCodes.OK;
    }

    /**
     * Under --strict the first name no architecture has is an error at the place it was written
     * (the compiler, which sees the profile after Docker resolution, could name only its rule's
     * index). Every rule counts, as for lint: also one dockerd drops or one that repeats the default.
     */
    private static void checkNamesKnown(LocatedProfile located) {
        List<SyscallRule> rules = located.profile().syscalls();
        for (int i = 0; i < rules.size(); i++) {
            List<String> names = rules.get(i).names();
            for (int j = 0; j < names.size(); j++) {
                String name = names.get(j);
                if (name == null || name.isEmpty() || SyscallTable.allNames().contains(name)) {
                    continue; // an empty name is the compiler's error
                }
                String where = located.locations().name(i, j).map(SourceLocation::toString)
                        .orElse(located.locations().file() + ": syscalls[" + i + "]");
                throw new InputException(where + ": unknown syscall '" + name + "'"
                        + Suggestions.closest(name, SyscallTable.allNames()).map(m -> " (did you mean '" + m + "'?)")
                                .orElse("")
                        + ", expected a syscall some architecture has (--strict)");
            }
        }
    }

    /**
     * Where the rule the compiler refused was written: the compiler sees the profile after Docker
     * resolution and knows only the resolved rule's index.
     */
    private static String where(LocatedProfile located, ResolvedProfile profile, CompileException.RulePlace place) {
        int written = profile.writtenIndex(place.ruleIndex());
        return located.locations().name(written, place.nameIndex())
                .or(() -> located.locations().rule(written))
                .map(SourceLocation::toString)
                .orElse(located.locations().file() + ": syscalls[" + written + "]");
    }

    private static void printStats(PrintWriter err, Compiler.Result r) {
        Compiler.Stats s = r.stats();
        err.printf("syscage: %d instructions (libseccomp: %d); %s%n", s.instructions(), r.libseccompProgram().size(),
                switch (s.check()) {
                    case PROVEN -> "verified, proven equivalent to the profile";
                    case SAMPLED -> "verified, equivalence checked on boundary samples";
                    case SKIPPED -> "not verified";
                });
        for (BpfCodegen.ArchStats a : s.arches()) {
            err.printf("syscage:   %s: %d ranges%n", a.abis(), a.runs());
        }
        for (Map.Entry<Arch, Integer> c : s.cacheable().entrySet()) {
            err.printf("syscage:   %s: %d syscalls cacheable by the kernel%n", c.getKey(), c.getValue());
        }
        err.flush();
    }
}
