package org.syscage.core.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.syscage.core.arch.Arch;

class SyscallTablePropertiesTest {

    @Property
    void aNumberThatHasANameLeadsBackToItself(@ForAll Arch arch, @ForAll("numbers") int nr) {
        SyscallTable table = SyscallTable.of(arch);
        table.name(nr).ifPresent(name -> {
            int bias = arch.syscallBias();
            int biased = nr < bias ? nr + bias : nr;
            assertEquals(OptionalInt.of(biased), table.number(name), arch + " " + nr + " " + name);
        });
    }

    @Property
    void aNameOnTheArchIsDirectOrMultiplexed(@ForAll Arch arch, @ForAll("names") String name) {
        SyscallTable table = SyscallTable.of(arch);
        boolean reachable = table.number(name).isPresent() || table.multiplexed(name).isPresent();
        assertEquals(table.names().contains(name), reachable, arch + " " + name);
        table.number(name).ifPresent(nr -> {
            assertEquals(Optional.of(name), table.name(nr));
            assertTrue(nr <= table.maxNumber());
        });
        table.multiplexed(name).ifPresent(m ->
                assertEquals(Optional.of(m.via()), table.name(m.viaNumber()), arch + " " + name));
    }

    @Provide
    Arbitrary<Integer> numbers() {
        // Mostly where syscalls are (raw, MIPS-based, x32-biased, ARM private), sometimes anywhere.
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-10, 1100),
                Arbitraries.integers().between(3990, 7100),
                Arbitraries.integers().between(0x40000000 - 5, 0x40000000 + 600),
                Arbitraries.integers().between(0xf0000, 0xf0010),
                Arbitraries.integers());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of(SyscallTable.allNames()),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12));
    }
}
