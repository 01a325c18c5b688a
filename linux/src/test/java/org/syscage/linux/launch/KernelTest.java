package org.syscage.linux.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.ffm.NativeException;

class KernelTest {

    @ParameterizedTest
    @EnumSource(Kernel.Nr.class)
    void theNumbersAreTheSyscallTablesForBothArches(Kernel.Nr nr) {
        String name = nr.name().toLowerCase();
        assertEquals(SyscallTable.of(Arch.X86_64).number(name).orElseThrow(), nr.x86_64, name + " on x86_64");
        assertEquals(SyscallTable.of(Arch.AARCH64).number(name).orElseThrow(), nr.generic, name + " on aarch64");
    }

    @Test
    void aFailedCallNamesItselfAndItsErrno() {
        assertEquals(-9, Kernel.raw(Kernel.Nr.CLOSE, -1, 0, 0, 0, 0, 0));
        NativeException e = assertThrows(NativeException.class, () -> Kernel.call(Kernel.Nr.CLOSE, -1, 0, 0));
        assertEquals(9, e.errno());
        assertEquals("close: EBADF (Bad file descriptor)", e.getMessage());
    }
}
