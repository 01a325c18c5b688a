#!/usr/bin/env python3
"""Records how the running Linux kernel treats random classic-BPF seccomp filters.

Run on an x86_64 Linux machine (no root needed; each filter is installed in a forked child with
no_new_privs):
    python3 tools/bpf-fixtures/kernel_fixtures.py core/src/test/resources/org/syscage/core/bpf

Writes two files, one case per line, which KernelRecordedTest replays against the verifier and
the emulator:

kernel-verifier.txt   HEX ACCEPTED
    HEX is the little-endian sock_filter array; ACCEPTED is 1 when seccomp(SECCOMP_SET_MODE_FILTER)
    took it, 0 when it failed with EINVAL.

kernel-alu.txt        HEX ARG0 ARG1 ARG2 R0 R12 R20
    HEX is a valid body that leaves a value in A (or divides by a zero X). The kernel ran it three
    times as
        ld [0] ; jeq #110, 1, 0 ; ret #ALLOW ;              (only getppid meets the body)
        BODY ;
        rsh #S ; and #0xfff ; or #0x50000 ; ret a           (S = 0, 12, 20)
    on getppid() with the given first three arguments (hex), so that the errno shows 12 bits
    of A. R0, R12, R20 are the errnos seen, or "kill" when the filter returned
    SECCOMP_RET_KILL_THREAD (the child died of SIGSYS). Jumps in BODY are relative, so they
    keep their targets behind the prefix.

The programs come from a seeded random generator, so reruns on the same kernel give the same
files.
"""
import ctypes
import os
import random
import select
import signal
import struct
import sys

SYS_SECCOMP = 317
SYS_GETPPID = 110
SECCOMP_SET_MODE_FILTER = 1
PR_SET_NO_NEW_PRIVS = 38
SIGSYS = 31

libc = ctypes.CDLL(None, use_errno=True)


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def encode(insns):
    return b"".join(struct.pack("<HBBI", c, jt, jf, k & 0xFFFFFFFF) for c, jt, jf, k in insns)


def install(prog):
    """In the calling process: no_new_privs, then the filter. Returns errno or 0."""
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    buf = ctypes.create_string_buffer(prog, len(prog))
    fprog = SockFprog(len(prog) // 8, ctypes.cast(buf, ctypes.c_void_p))
    if libc.syscall(SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, 0, ctypes.byref(fprog)) != 0:
        return ctypes.get_errno()
    return 0


def accepted(prog):
    """Whether the kernel takes the filter. A filter, once in, may forbid every later syscall of
    the child (even exit), so success is read from /proc/PID/status (Seccomp: 2), and the child
    is then killed; a refused filter is reported through a pipe."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        err = install(prog)
        if err:
            os.write(w, b"E%d" % err)
            os._exit(0)
        while True:  # in the filter's hands now; wait for SIGKILL
            pass
    os.close(w)
    try:
        while True:
            ready, _, _ = select.select([r], [], [], 0.001)
            if ready and os.read(r, 64):
                return False
            if seccomp_mode(pid) == 2:
                return True
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                pid = 0
                # It may have reported just before exiting; if not, its own filter killed it.
                return not os.read(r, 64)
    finally:
        os.close(r)
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)


def seccomp_mode(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("Seccomp:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return -1


def errno_of(prog, args):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        if install(prog):
            os._exit(99)
        res = libc.syscall(SYS_GETPPID, *[ctypes.c_ulong(a) for a in args])
        err = ctypes.get_errno() if res == -1 else 0
        os.write(w, b"%d" % err)
        os._exit(0)
    os.close(w)
    answer = os.read(r, 64)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) == SIGSYS:
        return "kill"
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 99:
        raise SystemExit("the kernel refused a body meant to be valid: " + prog.hex())
    return answer.decode()


# Opcodes: seccomp's own list plus classic ones it refuses and a few that are no instruction.
SECCOMP_CODES = [0x20, 0x80, 0x81, 0x00, 0x01, 0x60, 0x61, 0x02, 0x03, 0x04, 0x0C, 0x14, 0x1C, 0x24,
                 0x2C, 0x34, 0x3C, 0x44, 0x4C, 0x54, 0x5C, 0x64, 0x6C, 0x74, 0x7C, 0x84, 0xA4, 0xAC,
                 0x07, 0x87, 0x05, 0x15, 0x1D, 0x25, 0x2D, 0x35, 0x3D, 0x45, 0x4D, 0x06, 0x16]
OTHER_CODES = [0x28, 0x30, 0x40, 0x94, 0x9C, 0xB1, 0x0E, 0x8C, 0x0D, 0x26, 0xFF, 0x100]


def random_constant(rnd):
    return rnd.choice([rnd.randrange(70), rnd.randrange(20), rnd.getrandbits(32), rnd.randrange(40),
                       rnd.randrange(4), 1 << rnd.randrange(32)])


def random_program(rnd):
    """Anything, valid or not, with the invalid cases near the edges of the rules."""
    n = 1 + rnd.randrange(40 if rnd.randrange(10) == 0 else 8)
    insns = []
    for i in range(n):
        code = rnd.choice(OTHER_CODES) if rnd.randrange(12) == 0 else rnd.choice(SECCOMP_CODES)
        if i == n - 1 and rnd.randrange(4):
            code = rnd.choice([0x06, 0x16])
        rest = n - i
        insns.append((code, rnd.randrange(rest + 1) & 0xFF, rnd.randrange(rest + 1) & 0xFF,
                      random_constant(rnd)))
    return insns


ALU_OPS = [0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xA0]  # add sub mul div or and lsh rsh xor


def random_body(rnd):
    """A valid body: loads from seccomp_data, arithmetic, scratch memory, forward jumps."""
    insns = [(0x20, 0, 0, 16), (0x07, 0, 0, 0), (0x20, 0, 0, rnd.choice([0, 24, 32, 20]))]
    stored = set()
    n = 3 + rnd.randrange(14)
    for _ in range(n):
        kind = rnd.randrange(10)
        if kind < 5:
            op = rnd.choice(ALU_OPS)
            if rnd.randrange(2):
                insns.append((0x04 | op | 0x08, 0, 0, 0))
            else:
                k = random_constant(rnd)
                if op == 0x30 and k == 0:
                    k = 3
                if op in (0x60, 0x70):
                    k = rnd.randrange(32)
                insns.append((0x04 | op, 0, 0, k))
        elif kind == 5:
            insns.append((0x84, 0, 0, 0))
        elif kind == 6:
            insns.append((rnd.choice([0x07, 0x87]), 0, 0, 0))
        elif kind == 7:
            insns.append((0x01, 0, 0, random_constant(rnd)))
        elif kind == 8:
            cell = rnd.randrange(16)
            insns.append((rnd.choice([0x02, 0x03]), 0, 0, cell))
            stored.add(cell)
        elif stored:
            insns.append((rnd.choice([0x60, 0x61]), 0, 0, rnd.choice(sorted(stored))))
    # A few conditional skips over the next instruction, which keep every path's stores intact
    # only when they skip no store (check_load_and_stores would refuse otherwise).
    out = []
    for i, ins in enumerate(insns):
        if i > 3 and rnd.randrange(5) == 0 and ins[0] not in (0x02, 0x03):
            out.append((0x05 | rnd.choice([0x10, 0x20, 0x30, 0x40]) | rnd.choice([0, 8]), 1, 0,
                        random_constant(rnd)))
        out.append(ins)
    return out


# Only getppid goes through the body; every other syscall (the child's write and exit) is allowed.
PREFIX = [(0x20, 0, 0, 0), (0x15, 1, 0, SYS_GETPPID), (0x06, 0, 0, 0x7FFF0000)]


def tail(shift):
    return [(0x74, 0, 0, shift), (0x54, 0, 0, 0xFFF), (0x44, 0, 0, 0x50000), (0x16, 0, 0, 0)]


def main():
    out_dir = sys.argv[1]
    rnd = random.Random(20261125)
    with open(os.path.join(out_dir, "kernel-verifier.txt"), "w") as f:
        for _ in range(1500):
            prog = encode(random_program(rnd))
            f.write("%s %d\n" % (prog.hex(), 1 if accepted(prog) else 0))
    with open(os.path.join(out_dir, "kernel-alu.txt"), "w") as f:
        for _ in range(400):
            body = random_body(rnd)
            args = [rnd.choice([rnd.getrandbits(32), rnd.randrange(64), 0, 0xFFFFFFFF]) for _ in range(3)]
            results = [errno_of(encode(PREFIX + body + tail(s)), args + [0, 0, 0]) for s in (0, 12, 20)]
            f.write("%s %s %s\n" % (encode(body).hex(), " ".join("%x" % a for a in args), " ".join(results)))


if __name__ == "__main__":
    main()
