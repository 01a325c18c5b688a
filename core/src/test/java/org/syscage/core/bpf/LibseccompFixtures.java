package org.syscage.core.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;

/**
 * Filters libseccomp built (tools/bpf-fixtures/make_fixtures.py), all for one policy:
 * <pre>
 *   default KILL_PROCESS; bad arch: libseccomp's default, KILL_THREAD
 *   read, write, exit_group              ALLOW
 *   openat                               ERRNO(13)
 *   mprotect if (prot &amp; PROT_EXEC) == 0  ALLOW
 *   pread64  if offset &lt;= 0x100000000     ALLOW
 * </pre>
 */
final class LibseccompFixtures {
    private LibseccompFixtures() {
    }

    /** Syscall numbers of the policy's syscalls, per arch, from the kernel's tables. */
    record Numbers(int read, int write, int exitGroup, int openat, int mprotect, int pread64, int getpid) {
    }

    static final Numbers X86_64 = new Numbers(0, 1, 231, 257, 10, 17, 39);
    static final Numbers X86 = new Numbers(3, 4, 252, 295, 125, 180, 20);
    static final Numbers AARCH64 = new Numbers(63, 64, 94, 56, 226, 67, 172);
    static final Numbers S390X = new Numbers(3, 4, 248, 288, 125, 180, 20);

    static BpfProgram load(String name, ByteOrder order) {
        try (InputStream in = LibseccompFixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return BpfProgram.fromBytes(in.readAllBytes(), order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
