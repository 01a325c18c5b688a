package org.syscage.linux.ebpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import org.syscage.core.arch.Arch;
import org.syscage.core.syscalls.SyscallTable;
import org.syscage.linux.ffm.NativeException;
import org.syscage.linux.ffm.RawSyscall;
import org.syscage.linux.ffm.Syscalls;

/**
 * The bpf(2) commands syscage uses, each filling its part of {@code union bpf_attr} (offsets from
 * include/uapi/linux/bpf.h). Every result is a new {@link Fd} or plain data; failures are
 * {@link NativeException}s naming the command, or a {@link BpfLoadException} with the verifier's log.
 */
public final class Bpf {
    static final int BPF_MAP_CREATE = 0;
    static final int BPF_MAP_LOOKUP_ELEM = 1;
    static final int BPF_MAP_UPDATE_ELEM = 2;
    static final int BPF_PROG_LOAD = 5;
    static final int BPF_RAW_TRACEPOINT_OPEN = 17;
    static final int BPF_MAP_LOOKUP_BATCH = 24;

    public static final int MAP_TYPE_ARRAY = 2;
    public static final int MAP_TYPE_CGROUP_ARRAY = 8;
    public static final int PROG_TYPE_RAW_TRACEPOINT = 17;

    /** Larger than every attr syscage fills; the kernel accepts a size up to its own as long as the rest is zero. */
    private static final int ATTR_BYTES = 128;
    private static final int OBJ_NAME_LEN = 16;
    private static final int VERIFIER_LOG_BYTES = 1 << 20;

    private static final long BPF_NR = SyscallTable.of(Arch.host()).number("bpf")
            .orElseThrow(() -> new UnsupportedOperationException("no bpf syscall on " + Arch.host()));

    private Bpf() {
    }

    private static long bpf(int command, MemorySegment attr) {
        return Syscalls.raw(BPF_NR, command, attr.address(), attr.byteSize());
    }

    /** BPF_MAP_CREATE. */
    public static Fd createMap(int type, int keySize, int valueSize, int maxEntries, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
            attr.set(JAVA_INT, 0, type);
            attr.set(JAVA_INT, 4, keySize);
            attr.set(JAVA_INT, 8, valueSize);
            attr.set(JAVA_INT, 12, maxEntries);
            putName(attr, 28, name);
            String what = "bpf(BPF_MAP_CREATE, " + name + ")";
            return new Fd((int) Syscalls.check(what, bpf(BPF_MAP_CREATE, attr)), "map " + name);
        }
    }

    /** BPF_MAP_LOOKUP_ELEM: copies the value at {@code key} into {@code value}; false when there is none (ENOENT). */
    public static boolean lookup(Fd map, MemorySegment key, MemorySegment value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = elementAttr(arena, map, key, value, 0);
            long result = bpf(BPF_MAP_LOOKUP_ELEM, attr);
            if (result == -2) {
                return false;
            }
            Syscalls.check("bpf(BPF_MAP_LOOKUP_ELEM, " + map + ")", result);
            return true;
        }
    }

    /**
     * Every value of an array map with 4-byte keys {@code 0 .. entries - 1}, in key order, copied into
     * a segment of {@code arena}: with one BPF_MAP_LOOKUP_BATCH (Linux 5.6) where the kernel has it,
     * else with one BPF_MAP_LOOKUP_ELEM per key through a single attr. Either way nothing is
     * allocated per element.
     */
    public static MemorySegment readArray(Fd map, int valueSize, int entries, Arena arena) {
        MemorySegment values = arena.allocate((long) valueSize * entries, 8);
        if (!readArrayInBatch(map, valueSize, entries, values, arena)) {
            readArrayByElement(map, valueSize, entries, values, arena);
        }
        return values;
    }

    /**
     * One BPF_MAP_LOOKUP_BATCH from the first key: each value lands at its key's place. False when
     * the kernel has no batch lookup for the map (an older kernel refuses the command with EINVAL;
     * a map type without it answers ENOTSUPP), and the caller reads element by element.
     */
    static boolean readArrayInBatch(Fd map, int valueSize, int entries, MemorySegment values, Arena arena) {
        MemorySegment keys = arena.allocate((long) Integer.BYTES * entries, Integer.BYTES);
        MemorySegment batchValues = arena.allocate((long) valueSize * entries, 8);
        MemorySegment outBatch = arena.allocate(JAVA_INT);
        MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
        attr.set(JAVA_LONG, 0, 0);                          // in_batch: NULL, from the start
        attr.set(JAVA_LONG, 8, outBatch.address());
        attr.set(JAVA_LONG, 16, keys.address());
        attr.set(JAVA_LONG, 24, batchValues.address());
        attr.set(JAVA_INT, 32, entries);                    // count: in, room; out, how many were copied
        attr.set(JAVA_INT, 36, map.value());
        long result = bpf(BPF_MAP_LOOKUP_BATCH, attr);
        // ENOENT: the walk reached the map's end before count elements, all of them copied.
        if (result != 0 && result != -2) {
            return false;
        }
        int copied = attr.get(JAVA_INT, 32);
        for (int i = 0; i < copied; i++) {
            int key = keys.getAtIndex(JAVA_INT, i);
            if (key >= 0 && key < entries) {
                MemorySegment.copy(batchValues, (long) i * valueSize, values, (long) key * valueSize, valueSize);
            }
        }
        return true;
    }

    /** One BPF_MAP_LOOKUP_ELEM per key, each writing straight into its place in {@code values}. */
    static void readArrayByElement(Fd map, int valueSize, int entries, MemorySegment values, Arena arena) {
        MemorySegment key = arena.allocate(JAVA_INT);
        MemorySegment attr = elementAttr(arena, map, key, values, 0);
        for (int i = 0; i < entries; i++) {
            key.set(JAVA_INT, 0, i);
            attr.set(JAVA_LONG, 16, values.address() + (long) i * valueSize);
            long result = bpf(BPF_MAP_LOOKUP_ELEM, attr);
            if (result != -2) { // an array has every key below max_entries; ENOENT leaves zeros
                Syscalls.check("bpf(BPF_MAP_LOOKUP_ELEM, " + map + ")", result);
            }
        }
    }

    /** BPF_MAP_UPDATE_ELEM with BPF_ANY (create or replace). */
    public static void update(Fd map, MemorySegment key, MemorySegment value) {
        try (Arena arena = Arena.ofConfined()) {
            Syscalls.check("bpf(BPF_MAP_UPDATE_ELEM, " + map + ")",
                    bpf(BPF_MAP_UPDATE_ELEM, elementAttr(arena, map, key, value, 0)));
        }
    }

    private static MemorySegment elementAttr(Arena arena, Fd map, MemorySegment key, MemorySegment value, long flags) {
        MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
        attr.set(JAVA_INT, 0, map.value());
        attr.set(JAVA_LONG, 8, key.address());
        attr.set(JAVA_LONG, 16, value.address());
        attr.set(JAVA_LONG, 24, flags);
        return attr;
    }

    /**
     * BPF_PROG_LOAD. The verifier's log is asked for only when a first attempt fails, since
     * logging makes loading slower; the retry's log then explains the failure.
     *
     * @throws BpfLoadException when the kernel refuses the program
     */
    public static Fd loadProgram(int type, byte[] code, String license, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment insns = arena.allocate(code.length, 8);
            MemorySegment.copy(code, 0, insns, JAVA_BYTE, 0, code.length);
            MemorySegment licenseText = arena.allocateFrom(license);
            MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
            attr.set(JAVA_INT, 0, type);
            attr.set(JAVA_INT, 4, code.length / Insn.BYTES);
            attr.set(JAVA_LONG, 8, insns.address());
            attr.set(JAVA_LONG, 16, licenseText.address());
            putName(attr, 48, name);
            String what = "bpf(BPF_PROG_LOAD, " + name + ")";
            long fd = bpf(BPF_PROG_LOAD, attr);
            if (!RawSyscall.isError(fd)) {
                return new Fd((int) fd, "program " + name);
            }
            MemorySegment log = arena.allocate(VERIFIER_LOG_BYTES);
            attr.set(JAVA_INT, 24, 1); // log_level
            attr.set(JAVA_INT, 28, VERIFIER_LOG_BYTES);
            attr.set(JAVA_LONG, 32, log.address());
            fd = bpf(BPF_PROG_LOAD, attr);
            if (!RawSyscall.isError(fd)) {
                return new Fd((int) fd, "program " + name); // a transient failure (EAGAIN): fine now
            }
            throw new BpfLoadException(new NativeException((int) -fd, what), log.getString(0));
        }
    }

    /** BPF_RAW_TRACEPOINT_OPEN: attaches {@code program} to tracepoint {@code name}; closing the result detaches it. */
    public static Fd attachRawTracepoint(Fd program, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_BYTES, 8);
            attr.set(JAVA_LONG, 0, arena.allocateFrom(name).address());
            attr.set(JAVA_INT, 8, program.value());
            String what = "bpf(BPF_RAW_TRACEPOINT_OPEN, " + name + ")";
            return new Fd((int) Syscalls.check(what, bpf(BPF_RAW_TRACEPOINT_OPEN, attr)), "link " + name);
        }
    }

    /** Object names are at most 15 characters of [A-Za-z0-9_.] plus NUL. */
    private static void putName(MemorySegment attr, long offset, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(bytes, 0, attr, JAVA_BYTE, offset, Math.min(bytes.length, OBJ_NAME_LEN - 1));
    }
}
