package org.syscage.linux.ebpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.syscage.linux.ffm.NativeException;

/** bpf(2) through FFM, in the real kernel (the tests run as root). */
class BpfTest {
    @Test
    void aRefusedProgramExplainsItselfWithTheVerifiersLog() {
        // Returns without setting r0: the verifier refuses to let an unset register be read.
        byte[] code = new Assembler().exit().assemble();
        BpfLoadException e = assertThrows(BpfLoadException.class,
                () -> Bpf.loadProgram(Bpf.PROG_TYPE_RAW_TRACEPOINT, code, "GPL", "syscage_bad"));

        assertEquals(13, e.errno()); // EACCES
        assertTrue(e.verifierLog().contains("R0 !read_ok"), e.verifierLog());
        assertTrue(e.getMessage().startsWith("bpf(BPF_PROG_LOAD, syscage_bad): EACCES"), e.getMessage());
        assertTrue(e.getMessage().contains("R0 !read_ok"), e.getMessage());
    }

    @Test
    void arrayElementsAreWrittenAndReadBack() {
        try (Fd map = Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, Long.BYTES, 4, "syscage_test");
             Arena arena = Arena.ofConfined()) {
            MemorySegment key = arena.allocateFrom(JAVA_INT, 2);
            MemorySegment value = arena.allocate(JAVA_LONG);
            assertTrue(Bpf.lookup(map, key, value));
            assertEquals(0L, value.get(JAVA_LONG, 0), "array elements start zeroed");

            Bpf.update(map, key, arena.allocateFrom(JAVA_LONG, 0x1234_5678_9abcL));
            assertTrue(Bpf.lookup(map, key, value));
            assertEquals(0x1234_5678_9abcL, value.get(JAVA_LONG, 0));
            assertFalse(Bpf.lookup(map, arena.allocateFrom(JAVA_INT, 4), value), "past max_entries: ENOENT");
        }
    }

    /** A map of 24-byte values (as SyscallCounter's firsts), some written, read whole both ways. */
    @Test
    void anArrayIsReadWholeInOneBatchOrElementByElementAlike() {
        int entries = 3073;
        int valueSize = 24;
        try (Fd map = Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, valueSize, entries, "syscage_test");
             Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(valueSize, 8);
            for (int key : new int[] {0, 1, 1023, 2048, entries - 1}) {
                value.set(JAVA_LONG, 0, key * 3L + 1);
                value.set(JAVA_LONG, 16, -key);
                Bpf.update(map, arena.allocateFrom(JAVA_INT, key), value);
            }

            MemorySegment whole = Bpf.readArray(map, valueSize, entries, arena);
            assertEquals((long) valueSize * entries, whole.byteSize());
            for (int key = 0; key < entries; key++) {
                boolean written = key == 0 || key == 1 || key == 1023 || key == 2048 || key == entries - 1;
                assertEquals(written ? key * 3L + 1 : 0, whole.get(JAVA_LONG, (long) key * valueSize), "key " + key);
                assertEquals(written ? -key : 0, whole.get(JAVA_LONG, (long) key * valueSize + 16), "key " + key);
            }

            MemorySegment batch = arena.allocate((long) valueSize * entries, 8);
            assertTrue(Bpf.readArrayInBatch(map, valueSize, entries, batch, arena),
                    "Linux 5.6 and later look up array maps in batches");
            MemorySegment byElement = arena.allocate((long) valueSize * entries, 8);
            Bpf.readArrayByElement(map, valueSize, entries, byElement, arena);
            assertEquals(-1L, batch.mismatch(byElement));
            assertEquals(-1L, whole.mismatch(byElement));
        }
    }

    @Test
    void aClosedDescriptorIsNotUsedAgain() {
        Fd map = Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, Long.BYTES, 1, "syscage_test");
        map.close();
        map.close(); // closing twice is harmless
        assertThrows(IllegalStateException.class, map::value);
        NativeException e = assertThrows(NativeException.class,
                () -> Bpf.createMap(Bpf.MAP_TYPE_ARRAY, Integer.BYTES, 0, 1, "syscage_test"));
        assertEquals("EINVAL", e.errnoName());
    }
}
