package org.syscage.linux.seccomp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file {@link KernelProbe} and its child {@link FilterProbe} share, mapped by both. The probe
 * thread writes each call's progress into it with plain memory stores, which need no system call
 * (the filter under test could deny one) and outlive the process when the filter kills it.
 *
 * <p>Layout, 64-bit words in host byte order: a header of 8 words, the program, then per call
 * 8 words (nr, a mask of the arguments that are buffers, six values), then per call 2 words
 * (status, returned value).
 */
final class ProbeExchange {
    static final long MAGIC = 0x5359534341474550L; // "SYSCAGEP"

    /** Call states. */
    static final long NOT_RUN = 0;
    static final long STARTED = 1;
    static final long RETURNED = 2;
    static final long THREAD_KILLED = 3;
    static final long TIMED_OUT = 4;

    private static final VarHandle WORD = JAVA_LONG.varHandle();

    private static final int HEADER_WORDS = 8;
    private static final long MAGIC_AT = 0;
    private static final long PROGRAM_BYTES_AT = 8;
    private static final long CALL_COUNT_AT = 16;
    private static final long START_AT = 24;
    private static final long LOAD_ERRNO_AT = 32;
    private static final long TID_AT = 40;
    private static final long GENERATION_AT = 48;
    private static final long DONE_AT = 56;

    private static final int CALL_WORDS = 8;
    private static final int RESULT_WORDS = 2;

    private final MemorySegment memory;
    private final int programBytes;
    private final int callCount;

    private ProbeExchange(MemorySegment memory) {
        this.memory = memory;
        if (word(MAGIC_AT) != MAGIC) {
            throw new IllegalStateException("not a probe exchange file");
        }
        this.programBytes = (int) word(PROGRAM_BYTES_AT);
        this.callCount = (int) word(CALL_COUNT_AT);
    }

    /** Writes a fresh exchange file for {@code program} and {@code calls} and maps it. */
    static ProbeExchange create(Path file, byte[] program, List<ProbeCall> calls, Arena arena) {
        long size = (long) HEADER_WORDS * 8 + program.length + (long) calls.size() * (CALL_WORDS + RESULT_WORDS) * 8;
        MemorySegment memory = map(file, size, arena);
        memory.fill((byte) 0);
        memory.set(JAVA_LONG, MAGIC_AT, MAGIC);
        memory.set(JAVA_LONG, PROGRAM_BYTES_AT, program.length);
        memory.set(JAVA_LONG, CALL_COUNT_AT, calls.size());
        MemorySegment.copy(program, 0, memory, JAVA_BYTE, HEADER_WORDS * 8L, program.length);
        ProbeExchange exchange = new ProbeExchange(memory);
        for (int i = 0; i < calls.size(); i++) {
            exchange.writeCall(i, calls.get(i));
        }
        return exchange;
    }

    /** Maps an existing exchange file (the child's side). */
    static ProbeExchange open(Path file, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new ProbeExchange(map(file, channel.size(), arena));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open probe exchange " + file, e);
        }
    }

    private static MemorySegment map(Path file, long size, Arena arena) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(MapMode.READ_WRITE, 0, size, arena);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map probe exchange " + file, e);
        }
    }

    private void writeCall(int i, ProbeCall call) {
        long at = callAt(i);
        long bufferMask = 0;
        memory.set(JAVA_LONG, at, call.nr());
        for (int a = 0; a < ProbeCall.MAX_ARGS; a++) {
            long value = switch (call.args().get(a)) {
                case ProbeArg.Value v -> v.value();
                case ProbeArg.Buffer b -> {
                    bufferMask |= 1L << a;
                    yield b.size();
                }
            };
            memory.set(JAVA_LONG, at + 16 + a * 8L, value);
        }
        memory.set(JAVA_LONG, at + 8, bufferMask);
    }

    byte[] program() {
        return memory.asSlice(HEADER_WORDS * 8L, programBytes).toArray(JAVA_BYTE);
    }

    int callCount() {
        return callCount;
    }

    long nr(int call) {
        return memory.get(JAVA_LONG, callAt(call));
    }

    boolean isBuffer(int call, int arg) {
        return (memory.get(JAVA_LONG, callAt(call) + 8) & (1L << arg)) != 0;
    }

    /** The argument's value, or the buffer size when {@link #isBuffer} is true. */
    long arg(int call, int arg) {
        return memory.get(JAVA_LONG, callAt(call) + 16 + arg * 8L);
    }

    /** Prepares a run that starts at call {@code start}: clears the header's run state and later results. */
    void resetFrom(int start) {
        setWord(START_AT, start);
        setWord(LOAD_ERRNO_AT, 0);
        setWord(TID_AT, 0);
        setWord(GENERATION_AT, 0);
        setWord(DONE_AT, 0);
        for (int i = start; i < callCount; i++) {
            setWord(resultAt(i), NOT_RUN);
            setWord(resultAt(i) + 8, 0);
        }
    }

    int start() {
        return (int) word(START_AT);
    }

    int loadErrno() {
        return (int) word(LOAD_ERRNO_AT);
    }

    void setLoadErrno(int errno) {
        setWord(LOAD_ERRNO_AT, errno);
    }

    int tid() {
        return (int) word(TID_AT);
    }

    void setTid(int tid) {
        setWord(TID_AT, tid);
    }

    /** Which probe thread currently owns the calls; a superseded thread stops. */
    long generation() {
        return word(GENERATION_AT);
    }

    void setGeneration(long generation) {
        setWord(GENERATION_AT, generation);
    }

    /** The generation of the probe thread that finished every call, or 0. */
    long done() {
        return word(DONE_AT);
    }

    void setDone(long generation) {
        setWord(DONE_AT, generation);
    }

    long status(int call) {
        return word(resultAt(call));
    }

    long value(int call) {
        return word(resultAt(call) + 8);
    }

    void markStarted(int call) {
        setWord(resultAt(call), STARTED);
    }

    /** Value first, then status: a reader that sees RETURNED also sees the value. */
    void markReturned(int call, long value) {
        setWord(resultAt(call) + 8, value);
        setWord(resultAt(call), RETURNED);
    }

    void mark(int call, long status) {
        setWord(resultAt(call), status);
    }

    private long callAt(int call) {
        return HEADER_WORDS * 8L + programBytes + (long) call * CALL_WORDS * 8;
    }

    private long resultAt(int call) {
        return callAt(callCount) + (long) call * RESULT_WORDS * 8;
    }

    private long word(long offset) {
        return (long) WORD.getVolatile(memory, offset);
    }

    private void setWord(long offset, long value) {
        WORD.setVolatile(memory, offset, value);
    }
}
