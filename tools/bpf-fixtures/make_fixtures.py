#!/usr/bin/python3
"""Builds the libseccomp-generated filters the BPF tests of syscage read.

Run with Debian's python3-seccomp (apt-get install python3-seccomp):
    /usr/bin/python3 tools/bpf-fixtures/make_fixtures.py core/src/test/resources/org/syscage/core/bpf

Every fixture is the same small policy, built by libseccomp for one or more architectures and
exported with export_bpf, which writes the sock_filter array in the target arch's byte order:

    default action      KILL_PROCESS
    read, write, exit_group          ALLOW
    openat                           ERRNO(13)
    mprotect  if (prot & PROT_EXEC) == 0   ALLOW
    pread64   if offset <= 0x100000000     ALLOW
    bad arch                          libseccomp's default (KILL, i.e. KILL_THREAD)

The Java tests state the expected decisions from this policy on their own; they only read the
bytes written here.
"""
import os
import sys

import seccomp

PROT_EXEC = 0x4


def build(arches, optimize):
    f = seccomp.SyscallFilter(defaction=seccomp.KILL_PROCESS)
    f.remove_arch(seccomp.Arch.NATIVE)
    for arch in arches:
        f.add_arch(arch)
    f.set_attr(seccomp.Attr.CTL_OPTIMIZE, optimize)
    for name in ("read", "write", "exit_group"):
        f.add_rule(seccomp.ALLOW, name)
    f.add_rule(seccomp.ERRNO(13), "openat")
    f.add_rule(seccomp.ALLOW, "mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, PROT_EXEC, 0))
    f.add_rule(seccomp.ALLOW, "pread64", seccomp.Arg(3, seccomp.LE, 0x100000000))
    return f


FIXTURES = {
    "libseccomp-x86_64-o1.bpf": ([seccomp.Arch.X86_64], 1),
    "libseccomp-x86_64-o2.bpf": ([seccomp.Arch.X86_64], 2),
    "libseccomp-x86-o1.bpf": ([seccomp.Arch.X86], 1),
    "libseccomp-aarch64-o2.bpf": ([seccomp.Arch.AARCH64], 2),
    "libseccomp-s390x-o1.bpf": ([seccomp.Arch.S390X], 1),
    "libseccomp-x86_64-x86-x32-o1.bpf": ([seccomp.Arch.X86_64, seccomp.Arch.X86, seccomp.Arch.X32], 1),
}


def main():
    out_dir = sys.argv[1]
    for name, (arches, optimize) in FIXTURES.items():
        path = os.path.join(out_dir, name)
        with open(path, "wb") as out:
            build(arches, optimize).export_bpf(out)
        print(path, os.path.getsize(path) // 8, "instructions")


if __name__ == "__main__":
    main()
