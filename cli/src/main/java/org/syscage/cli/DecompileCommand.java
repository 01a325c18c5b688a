package org.syscage.cli;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.bpf.BpfProgram;
import org.syscage.core.bpf.Verifier;
import org.syscage.core.decompile.Decompilation;
import org.syscage.core.decompile.Decompiler;
import org.syscage.core.format.ProfileFormat;
import org.syscage.core.format.ProfileWriter;
import org.syscage.core.profile.Profile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage decompile}: a raw filter back into a profile that decides the same, or why none can. */
@Command(name = "decompile",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Turn a raw seccomp filter (libseccomp's, hand-written, or dumped from a program) back into a "
                        + "profile whose compiled filter decides the same for every arch it lists, every syscall "
                        + "number and every argument value.",
                "When the filter uses what no profile can say (the instruction pointer, arithmetic on arguments, "
                        + "two input words compared, numbers without a syscall name decided apart), the command "
                        + "exits 1 and lists those paths; --partial writes the profile anyway, leaving those "
                        + "syscalls to the default action.",
                "Statistics, notes and findings go to stderr. See docs/decompile.md."},
        footer = {"",
                "Examples:",
                "  syscage decompile filter.bpf > profile.json",
                "  syscage decompile -a x86_64 -a x86 filter.bpf -t crd -o profile.yaml",
                "  syscage dump -f bpf -- ./app && syscage decompile app.bpf"})
final class DecompileCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|-", description = "The raw filter; - reads stdin.")
    String input;

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "An arch to write the profile for (repeatable); also sets FILE's byte order. "
                    + "Default: the arches the filter treats apart from foreign ones.")
    List<Arch> arches = new ArrayList<>();

    @Option(names = {"-t", "--to"}, paramLabel = "FORMAT", converter = Converters.FormatConverter.class,
            completionCandidates = Converters.FormatNames.class, defaultValue = "oci",
            description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    ProfileFormat to;

    @Option(names = "--name", paramLabel = "NAME",
            description = "metadata.name of a CRD. Default: FILE's name made valid.")
    String name;

    @Option(names = "--partial",
            description = "Write the profile even when it cannot decide exactly as the filter (exit status stays 1).")
    boolean partial;

    @CommandLine.Mixin
    OutputOptions out;

    @Override
    public Integer call() throws IOException {
        CrdNames.checkNameApplies(name, to);
        byte[] bytes = FilterInput.bytes(input);
        boolean littleEndian = byteOrder(bytes);
        Decompilation result = FilterInput.naming(input, () -> Decompiler.decompile(
                BpfProgram.fromBytes(bytes, littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN), littleEndian, arches));
        DecompileSummary.print(result, out.err());
        if (result.exact() || partial) {
            Profile profile = CrdNames.forFormat(result.profile(), to, name, input, null);
            out.write(ProfileWriter.write(profile, to));
        }
        if (!result.exact()) {
            throw new FindingException(DecompileSummary.inexact(result.findings().size(),
                    partial ? "" : " (--partial writes it anyway)"));
        }
        return ExitCodes.OK;
    }

    /**
     * The byte order of FILE: the arches' when -a is given; else this machine's, unless only the
     * other order makes a program the kernel would accept.
     */
    private boolean byteOrder(byte[] bytes) {
        if (!arches.isEmpty()) {
            boolean le = arches.getFirst().littleEndian();
            for (Arch a : arches) {
                if (a.littleEndian() != le) {
                    throw new InputException("-a " + arches.getFirst() + " and -a " + a + " differ in byte order, "
                            + "expected arches that one filter can serve");
                }
            }
            return le;
        }
        boolean host = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        if (accepted(bytes, host) || !accepted(bytes, !host)) {
            return host;
        }
        return !host;
    }

    private static boolean accepted(byte[] bytes, boolean littleEndian) {
        try {
            return Verifier.accepts(BpfProgram.fromBytes(bytes, littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN));
        } catch (InputException e) {
            return false;
        }
    }
}
