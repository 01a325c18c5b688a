#!/usr/bin/python3
"""Builds the filters of core/src/test/resources/org/syscage/core/decompile/: Docker's default
profile as a container gets it, compiled by the real libseccomp the way runc compiles it.

Run from the repository root with Debian's python3 (python3-seccomp belongs to /usr/bin/python3):

    apt-get install -y python3-seccomp
    /usr/bin/python3 tools/gen-decompile-fixtures.py

For each (arch dockerd runs on, optimize level) it resolves Docker's default profile for that arch
with `syscage resolve builtin` (Docker's 14 default capabilities, kernel 6.1, so the result does not
depend on this machine), hands the plain OCI profile to tools/libseccomp-oracle.py (runc's calls
into libseccomp, with the arches the profile lists) and writes the exported sock_filter array as
docker-default.ARCH.oN.bpf. The files are checked in; the decompiler's tests read them, turn them
back into profiles and prove those equivalent to the filters.
"""
import base64
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "core/src/test/resources/org/syscage/core/decompile")
ORACLE = os.path.join(ROOT, "tools/libseccomp-oracle.py")
SYSCAGE = os.path.join(ROOT, "bin/syscage")

BUILDS = [("x86_64", 1), ("x86_64", 2), ("aarch64", 2)]


def resolved(arch):
    text = subprocess.run([SYSCAGE, "resolve", "builtin", "--arch", arch, "--kernel", "6.1"],
                          check=True, capture_output=True, text=True).stdout
    return json.loads(text)


def main():
    os.makedirs(OUT, exist_ok=True)
    jobs = []
    for arch, optimize in BUILDS:
        profile = resolved(arch)
        arches = [a.replace("SCMP_ARCH_", "").lower() for a in profile.get("architectures", [])] or [arch]
        jobs.append({"profile": profile, "native": arch, "arches": arches, "optimize": optimize})
    answer = subprocess.run([sys.executable, ORACLE], input=json.dumps({"jobs": jobs}),
                            check=True, capture_output=True, text=True).stdout
    for (arch, optimize), line in zip(BUILDS, answer.splitlines()):
        result = json.loads(line)
        if result["error"]:
            raise SystemExit("libseccomp refused Docker's default for %s: %s" % (arch, result["error"]))
        path = os.path.join(OUT, "docker-default.%s.o%d.bpf" % (arch, optimize))
        with open(path, "wb") as f:
            f.write(base64.b64decode(result["bpf"]))
        print(path, os.path.getsize(path) // 8, "instructions; skipped:", result["skipped"])


if __name__ == "__main__":
    main()
