#!/usr/bin/python3
"""libseccomp's compile time for profiles, as runc builds them (tools/libseccomp-oracle.py's
steps: filter, arches, attributes, rules, export of the BPF), for the side by side with
syscage's JMH figures. Prints one markdown row per profile: mean and best milliseconds."""

import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "oracle", os.path.join(HERE, "..", "..", "tools", "libseccomp-oracle.py"))
oracle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(oracle)

WARMUP = 20
ROUNDS = 200


def compile_once(job, scratch):
    filt = oracle.build(job, [])
    return oracle.export(filt, scratch, oracle.seccomp.SyscallFilter.export_bpf)


def main(paths):
    fd = os.memfd_create("libseccomp-time")
    print("| profile | libseccomp mean [ms] | best [ms] |")
    print("|---|---:|---:|")
    with os.fdopen(fd, "w+b") as scratch:
        for path in paths:
            with open(path) as f:
                profile = json.load(f)
            job = {"profile": profile, "native": "x86_64", "badArch": "SCMP_ACT_KILL_PROCESS"}
            for _ in range(WARMUP):
                compile_once(job, scratch)
            times = []
            for _ in range(ROUNDS):
                t = time.perf_counter()
                compile_once(job, scratch)
                times.append(time.perf_counter() - t)
            name = os.path.basename(path)[:-len(".json")]
            print("| %s | %.3f | %.3f |" % (name, 1000 * sum(times) / len(times), 1000 * min(times)))


if __name__ == "__main__":
    main(sys.argv[1:])
