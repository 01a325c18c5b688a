package org.syscage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.syscage.core.InputException;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.Multiplexed;
import org.syscage.core.syscalls.SyscallTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code syscage syscalls}: syscall names to numbers and back, on any supported arch. */
@Command(name = "syscalls",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        description = {
                "Print the number of each syscall NAME and the name of each number NR, one line per argument.",
                "A name reached only through socketcall(2) or ipc(2) on the arch (x86 send, s390x semop...) "
                        + "prints as 'socketcall(102) call 9'; --format json shows the multiplexer for every "
                        + "name that has one, next to its direct number.",
                "The numbers are those the kernel sees in seccomp_data.nr (x32 with 0x40000000, MIPS with "
                        + "its 4000/5000/6000 base), from libseccomp's syscalls.csv."},
        footer = {"",
                "Examples:",
                "  syscage syscalls -a aarch64 uname           prints 160",
                "  syscage syscalls -a amd64 59 0x3c           prints execve, exit",
                "  syscage syscalls -a i386 --format json socket",
                "  syscage syscalls -a SCMP_ARCH_S390X --list",
                "",
                "Exit codes: 0 all resolved, 2 an unknown name or number (the others are still printed) or bad usage."})
public final class SyscallsCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = {"-a", "--arch"}, paramLabel = "ARCH", converter = Converters.ArchConverter.class,
            description = "Architecture in kernel, Go/Docker or OCI spelling (x86_64, amd64, SCMP_ARCH_X86_64; "
                    + "also i386). Default: this machine's.")
    Arch arch;

    @Option(names = {"-l", "--list"},
            description = "Print the arch's table as 'name number' lines, sorted by number: every syscall "
                    + "with a number of its own. Names reached only through socketcall(2) or ipc(2) are left out "
                    + "(a note on stderr lists them); --format json lists them too, with the multiplexer.")
    boolean list;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            description = "text or json (an array of {arch, name, number, multiplexed?}). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Parameters(paramLabel = "NAME|NR", arity = "0..*",
            description = "Syscall names, or numbers in decimal or 0x hex (x32 numbers with or without 0x40000000).")
    List<String> arguments = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One resolved syscall: what every output format prints. */
    record Resolved(Arch arch, String name, OptionalInt number, Optional<Multiplexed> multiplexed) {
        static Resolved of(SyscallTable table, String name) {
            return new Resolved(table.arch(), name, table.number(name), table.multiplexed(name));
        }

        /** The number as text: the direct one, else the multiplexer call that reaches it. */
        String numberText() {
            return number.isPresent() ? Integer.toString(number.getAsInt()) : multiplexed.orElseThrow().toString();
        }

        /** Sort key for --list --format json: where the kernel sees the call (the multiplexer's number, then the call). */
        long position() {
            return number.isPresent() ? (long) number.getAsInt() << 8
                    : ((long) multiplexed.orElseThrow().viaNumber() << 8) + multiplexed.orElseThrow().call();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (list == !arguments.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    list ? "--list takes no NAME|NR arguments" : "missing NAME|NR (or --list)");
        }
        // Asked only now, so that an unsupported host breaks this command, not every command.
        SyscallTable table = SyscallTable.of(arch != null ? arch : Arch.host());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        List<Resolved> found = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (list) {
            table.names().stream().map(n -> Resolved.of(table, n))
                    .sorted(Comparator.comparingLong(Resolved::position))
                    .forEach(found::add);
            // 'name number' holds only for a number of its own: a line like "accept 102" would name
            // socketcall's number, so names reached only through a multiplexer stay out of the text list.
            List<String> viaMultiplexer = new ArrayList<>();
            found.forEach(r -> {
                if (r.number().isPresent()) {
                    lines.add(r.name() + " " + r.number().getAsInt());
                } else {
                    viaMultiplexer.add(r.name());
                }
            });
            if (format == Format.text && !viaMultiplexer.isEmpty()) {
                err.println("syscage: note: " + viaMultiplexer.size() + " names of " + table.arch() + " have no "
                        + "number of their own and are not listed (" + String.join(", ", viaMultiplexer)
                        + "): name them, or use --format json, to see the multiplexer call");
            }
        } else {
            for (String arg : arguments) {
                boolean isNumber = NumberArgument.isNumber(arg);
                Optional<Resolved> r;
                try {
                    r = isNumber ? byNumber(table, arg) : byName(table, arg);
                } catch (InputException notASyscallNumber) {
                    err.println("syscage: " + notASyscallNumber.getMessage());
                    exit = ExitCodes.USAGE;
                    continue;
                }
                if (r.isEmpty()) {
                    err.println("syscage: " + (isNumber ? unknownNumber(table, arg) : unknownName(table, arg)));
                    exit = ExitCodes.USAGE;
                    continue;
                }
                found.add(r.get());
                lines.add(isNumber ? r.get().name() : r.get().numberText());
            }
        }
        if (format == Format.json) {
            out.println(json(found));
        } else {
            lines.forEach(out::println);
        }
        return exit;
    }

    private static Optional<Resolved> byName(SyscallTable table, String name) {
        return table.names().contains(name) ? Optional.of(Resolved.of(table, name)) : Optional.empty();
    }

    private static Optional<Resolved> byNumber(SyscallTable table, String text) {
        return table.name(NumberArgument.syscallNumber(text, "NR")).map(name -> Resolved.of(table, name));
    }

    private static String unknownNumber(SyscallTable table, String arg) {
        return "no syscall number " + arg + " on " + table.arch();
    }

    private static String unknownName(SyscallTable table, String arg) {
        return SyscallTable.allNames().contains(arg)
                ? "syscall '" + arg + "' does not exist on " + table.arch()
                : "unknown syscall '" + arg + "'";
    }

    private static String json(List<Resolved> resolved) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Resolved r : resolved) {
            ObjectNode o = array.addObject();
            o.put("arch", r.arch().kernelName());
            o.put("name", r.name());
            if (r.number().isPresent()) {
                o.put("number", r.number().getAsInt());
            } else {
                o.putNull("number");
            }
            r.multiplexed().ifPresent(m -> o.putObject("multiplexed")
                    .put("via", m.via()).put("viaNumber", m.viaNumber()).put("call", m.call()));
        }
        return mapper.writeValueAsString(array);
    }

    /** Accepts every spelling {@link Arch#parse} knows; the error lists the accepted names. */
}
