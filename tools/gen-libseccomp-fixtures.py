#!/usr/bin/python3
"""Generates the libseccomp-made test filters of core/src/test/resources/org/syscage/core/inspect/libseccomp/.

Run with Debian's python3 (the python3-seccomp package belongs to /usr/bin/python3):

    apt-get install -y python3-seccomp
    /usr/bin/python3 tools/gen-libseccomp-fixtures.py

For each profile below and each of x86_64, x86 and aarch64 it writes PROFILE.ARCH.oN.bpf: the raw
sock_filter array libseccomp exports (little-endian on these arches) with optimize level N
(1: libseccomp's default linear tree, 2: its binary tree). The disassembler's tests read them back,
disassemble them, and check that disasm --asm-able re-assembles to the same bytes. The files are
checked in, so the tests do not need libseccomp; this script says where they came from.
"""
import errno
import json
import os

import seccomp
from seccomp import ALLOW, ERRNO, KILL_PROCESS, LOG, TRACE, TRAP, Arg, EQ, GE, LT, MASKED_EQ, NE, SyscallFilter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "core/src/test/resources/org/syscage/core/inspect/libseccomp")
DOCKER = os.path.join(ROOT, "..", "..", "shared", "reference", "moby-default.json")

ARCHES = {"x86_64": seccomp.Arch.X86_64, "x86": seccomp.Arch.X86, "aarch64": seccomp.Arch.AARCH64}


def basic(f):
    """A small allow-list: read/write/close/exit_group and openat read-only."""
    for name in ("read", "write", "close", "exit_group", "fstat", "brk"):
        f.add_rule(ALLOW, name)
    f.add_rule(ALLOW, "openat", Arg(2, MASKED_EQ, 3, 0))


def arguments(f):
    """Argument tests of every operator libseccomp has, on 64-bit values."""
    f.add_rule(ALLOW, "socket", Arg(0, EQ, 1))
    f.add_rule(ALLOW, "socket", Arg(0, EQ, 2), Arg(1, NE, 3))
    f.add_rule(ALLOW, "mmap", Arg(2, MASKED_EQ, 4, 0))
    f.add_rule(ALLOW, "kill", Arg(0, GE, 1000), Arg(1, LT, 16))
    f.add_rule(ALLOW, "write", Arg(0, LT, 3))
    f.add_rule(ERRNO(errno.EACCES), "ioctl", Arg(1, EQ, 0x5401))
    f.add_rule(ALLOW, "exit_group")


def actions(f):
    """Every kind of action, to see each one's name."""
    f.add_rule(ALLOW, "read")
    f.add_rule(TRAP, "ptrace")
    f.add_rule(LOG, "uname")
    f.add_rule(TRACE(5), "getpid")
    f.add_rule(ERRNO(errno.ENOSYS), "clone3")
    f.add_rule(KILL_PROCESS, "execve")


def docker_names(f):
    """The syscalls of Docker's default profile's big unconditional allow rule (about 300)."""
    with open(DOCKER) as fh:
        profile = json.load(fh)
    rule = max((r for r in profile["syscalls"] if not r.get("args") and not r.get("includes")
                and not r.get("excludes") and r["action"] == "SCMP_ACT_ALLOW"), key=lambda r: len(r["names"]))
    for name in rule["names"]:
        try:
            f.add_rule(ALLOW, name)
        except (RuntimeError, ValueError):
            pass  # not a syscall of this arch


PROFILES = {
    "basic": (KILL_PROCESS, basic),
    "arguments": (ERRNO(errno.EPERM), arguments),
    "actions": (ERRNO(errno.EPERM), actions),
    "docker": (ERRNO(errno.EPERM), docker_names),
}


def build(arch, default, rules, optimize):
    f = SyscallFilter(defaction=default)
    if not f.exist_arch(ARCHES[arch]):
        f.add_arch(ARCHES[arch])
        f.remove_arch(seccomp.Arch.NATIVE)
    f.set_attr(seccomp.Attr.CTL_OPTIMIZE, optimize)
    rules(f)
    return f


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (default, rules) in PROFILES.items():
        for arch in ARCHES:
            for optimize in (1, 2):
                f = build(arch, default, rules, optimize)
                path = os.path.join(OUT, f"{name}.{arch}.o{optimize}.bpf")
                with open(path, "wb") as out:
                    f.export_bpf(out)
                print(path, os.path.getsize(path) // 8, "instructions")
    # a filter for x86_64 that also admits x86 and x32, as programs such as man-db install
    f = SyscallFilter(defaction=KILL_PROCESS)
    f.add_arch(seccomp.Arch.X86)
    f.add_arch(seccomp.Arch.X32)
    basic(f)
    path = os.path.join(OUT, "basic.x86_64+x86+x32.o1.bpf")
    with open(path, "wb") as out:
        f.export_bpf(out)
    print(path, os.path.getsize(path) // 8, "instructions")


if __name__ == "__main__":
    main()
