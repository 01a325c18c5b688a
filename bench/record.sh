#!/bin/sh
# Cost of recording a syscall-heavy workload, side by side in one hyperfine run: bare,
# strace -f -o /dev/null, and syscage record with the ptrace backend (one stop per call with a
# seccomp filter) and with the eBPF backend (counted in the kernel). The workload is find over DIR,
# N times in one shell, so that it takes a few seconds (the syscage rows include JVM start-up).
# Then bench/ebpf-unrelated.sh: the eBPF program's cost on processes it does not record.
# Needs hyperfine, strace and root. Usage: bench/record.sh [DIR [N]]   (default /usr/share 40: about
# 7 s bare here, long enough that the JVM start-up of the syscage rows, about 1.5 s, does not dominate)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/usr/share}
n=${2:-40}
syscage="$here/bin/syscage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$syscage" --version >/dev/null   # builds the jar first, outside the measurement
workload="sh -c 'for i in \$(seq $n); do find $dir -xdev; done'"
hyperfine --warmup 1 --runs 3 --export-markdown "$out/record.md" \
    -n bare "$workload" \
    -n 'strace -f -o /dev/null' "strace -f -o /dev/null $workload" \
    -n 'syscage record --backend ptrace' \
        "$syscage record --backend ptrace --force -o $out/find.json -- $workload" \
    -n 'syscage record --backend ebpf' \
        "$syscage record --backend ebpf --force -o $out/find.json -- $workload" \
    >/dev/null
cat "$out/record.md"

"$here/bench/ebpf-unrelated.sh"
