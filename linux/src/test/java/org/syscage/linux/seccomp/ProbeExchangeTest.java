package org.syscage.linux.seccomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The file shared by {@link KernelProbe} and its child reads back as written, through a second mapping. */
class ProbeExchangeTest {

    @Provide
    Arbitrary<ProbeCall> calls() {
        Arbitrary<ProbeArg> arg = Arbitraries.oneOf(
                Arbitraries.longs().map(ProbeArg.Value::new),
                Arbitraries.integers().between(1, 4096).map(ProbeArg.Buffer::new));
        return Combinators.combine(Arbitraries.longs(), arg.list().ofMaxSize(ProbeCall.MAX_ARGS))
                .as(ProbeCall::new);
    }

    @Property(tries = 50)
    void callsAndProgramReadBackAsWritten(@ForAll @Size(min = 1, max = 20) List<@From("calls") ProbeCall> calls,
                                          @ForAll @IntRange(min = 1, max = 64) int instructions) throws IOException {
        byte[] program = new byte[instructions * SockFprog.INSTRUCTION_BYTES];
        for (int i = 0; i < program.length; i++) {
            program[i] = (byte) (i * 31 + instructions);
        }
        Path file = Files.createTempFile("probe-exchange", ".bin");
        try (Arena arena = Arena.ofConfined()) {
            ProbeExchange.create(file, program, calls, arena);
            ProbeExchange child = ProbeExchange.open(file, arena);

            assertArrayEquals(program, child.program());
            assertEquals(calls.size(), child.callCount());
            for (int c = 0; c < calls.size(); c++) {
                assertEquals(calls.get(c).nr(), child.nr(c));
                for (int a = 0; a < ProbeCall.MAX_ARGS; a++) {
                    ProbeArg expected = calls.get(c).args().get(a);
                    ProbeArg read = child.isBuffer(c, a)
                            ? new ProbeArg.Buffer((int) child.arg(c, a))
                            : new ProbeArg.Value(child.arg(c, a));
                    assertEquals(expected, read);
                }
            }
        } finally {
            Files.delete(file);
        }
    }

    @Property(tries = 30)
    void resultsWrittenByOneSideAreSeenByTheOther(@ForAll long value,
                                                  @ForAll @IntRange(min = 1, max = 10) int count,
                                                  @ForAll @IntRange(min = 0, max = 9) int start) throws IOException {
        int from = Math.min(start, count - 1);
        List<ProbeCall> calls = Collections.nCopies(count, ProbeCall.of(39));
        Path file = Files.createTempFile("probe-exchange", ".bin");
        try (Arena arena = Arena.ofConfined()) {
            ProbeExchange parent = ProbeExchange.create(file, new byte[8], calls, arena);
            ProbeExchange child = ProbeExchange.open(file, arena);
            for (int i = 0; i < count; i++) {
                child.markReturned(i, value + i);
            }

            parent.resetFrom(from);

            for (int i = 0; i < count; i++) {
                boolean kept = i < from;
                assertEquals(kept ? ProbeExchange.RETURNED : ProbeExchange.NOT_RUN, child.status(i));
                assertEquals(kept ? value + i : 0, child.value(i));
            }
            assertEquals(from, child.start());
        } finally {
            Files.delete(file);
        }
    }
}
