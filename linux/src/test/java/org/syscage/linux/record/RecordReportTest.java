package org.syscage.linux.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syscage.core.arch.Arch;
import org.syscage.linux.launch.ExitStatus;
import org.syscage.core.compiler.CompileOptions;
import org.syscage.core.compiler.Compiler;
import org.syscage.core.profile.Action;
import org.syscage.core.profile.Profile;
import org.syscage.core.profile.SyscallRule;
import org.syscage.linux.ptrace.SyscallTracer;

class RecordReportTest {
    private static RecordedSyscall call(Arch arch, String name) {
        return new RecordedSyscall(arch, name, 1, 100, "/bin/prog");
    }

    private static Recording recording(List<RecordedSyscall> calls, List<ArgumentValues> values) {
        return new Recording(calls, Map.of(), new ExitStatus.Exited(0), SyscallTracer.Stops.SECCOMP, null, true, values);
    }

    private static final ArgumentValues INET = new ArgumentValues(Arch.X86_64, "socket", DecidingArgument.SOCKET,
            List.of(List.of(2L, 1L)), false);

    @Test
    void theReportListsTheValuesSeenAndWhatBecameOfThem() throws Exception {
        RecordReport report = new RecordReport(recording(
                List.of(call(Arch.X86_64, "socket"), call(Arch.X86_64, "clone3")), List.of(INET)),
                BaseSyscalls.NONE, Arch.X86_64);

        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertTrue(json.get("arguments").asBoolean());
        JsonNode socket = json.get("syscalls").get(0);
        assertEquals("socket", socket.get("name").asText());
        assertEquals(2, socket.at("/arguments/seen/0/family").asLong());
        assertEquals(1, socket.at("/arguments/seen/0/type").asLong());
        assertEquals("allowed for the values seen", socket.at("/arguments/rule").asText());
        assertTrue(json.get("notes").get(0).asText().startsWith("clone3 is allowed by name only"), json.toString());
    }

    /**
     * An x86_64 program that also made i386 calls: socket on i386 can go through socketcall,
     * whose arguments a filter cannot see, so socket is not restricted, and the profile compiles
     * for both arches.
     */
    @Test
    void withI386InTheProfileSocketIsAllowedByNameAndTheProfileCompiles() {
        RecordReport report = new RecordReport(recording(
                List.of(call(Arch.X86_64, "socket"), call(Arch.X86, "socketcall"), call(Arch.X86, "exit")),
                List.of(INET)), BaseSyscalls.NONE, Arch.X86_64);

        Profile p = report.profile();
        assertEquals(List.of(Arch.X86_64, Arch.X86), p.architectures());
        assertEquals(List.of(SyscallRule.of(List.of("exit", "socket", "socketcall"), Action.ALLOW)), p.syscalls());
        assertTrue(report.argumentNotes().stream().anyMatch(n -> n.startsWith("socket is allowed with any arguments: "
                + "on x86 socket is also reached through socketcall(2)")), report.argumentNotes().toString());
        assertTrue(report.argumentNotes().stream().anyMatch(n -> n.startsWith("socketcall is allowed by name only")));
        Compiler.compile(p, CompileOptions.defaults());
    }

    @Test
    void theArchesOfTheProfileMergedIntoCountToo() {
        Profile i386 = Profile.of(Action.ERRNO, List.of(Arch.X86), List.of(SyscallRule.of(List.of("sync"), Action.ALLOW)));
        RecordReport alone = new RecordReport(recording(List.of(call(Arch.X86_64, "socket")), List.of(INET)),
                BaseSyscalls.NONE, Arch.X86_64);
        RecordReport merged = new RecordReport(alone.recording(), BaseSyscalls.NONE, Arch.X86_64, i386);

        assertTrue(alone.argumentDecisions().get("socket") instanceof ArgumentRules.Decision.Restricted);
        assertTrue(merged.argumentDecisions().get("socket") instanceof ArgumentRules.Decision.Unrestricted);
        assertEquals(List.of(Arch.X86, Arch.X86_64), merged.profile().architectures());
        assertEquals(List.of("merged"), merged.entries().stream().filter(e -> e.name().equals("sync"))
                .findFirst().orElseThrow().why());
    }
}
