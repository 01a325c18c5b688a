#!/bin/sh
# Cost of recording a syscall-heavy workload, side by side in one hyperfine run: bare,
# strace -f -o /dev/null, and syscage record with the ptrace backend (one stop per call with a
# seccomp filter) and with the eBPF backend (counted in the kernel). The workload is find over DIR,
# N times in one shell, so that it takes a few seconds (the syscage rows include JVM start-up).
# Then the eBPF program's cost on processes it does not record: a loop of 2 million one-byte
# read/write calls outside any recording, bare and while `syscage record --cgroup` watches an
# empty cgroup (the program then runs on every call of the machine and returns early).
# Needs hyperfine, strace and root. Usage: bench/record.sh [DIR [N]]   (default /usr/share 40: about
# 7 s bare here, long enough that the JVM start-up of the syscage rows, about 1.5 s, does not dominate)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/usr/share}
n=${2:-40}
syscage="$here/bin/syscage"
out=$(mktemp -d)
cgroup=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)/syscage-bench-$$
recorder=
cleanup() {
    [ -z "$recorder" ] || kill "$recorder" 2>/dev/null || true
    [ -z "$recorder" ] || wait "$recorder" 2>/dev/null || true
    rmdir "$cgroup" 2>/dev/null || true
    rm -rf "$out"
}
trap cleanup EXIT
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

loop="dd if=/dev/zero of=/dev/null bs=1 count=1000000"
hyperfine --warmup 1 --runs 5 --export-markdown "$out/bare.md" -n 'unrelated loop, no program' "$loop" >/dev/null
mkdir "$cgroup"
"$syscage" record --cgroup "$cgroup" --force -o "$out/idle.json" 2>/dev/null &
recorder=$!
sleep 5   # JVM start-up and attach
hyperfine --warmup 1 --runs 5 --export-markdown "$out/attached.md" -n 'unrelated loop, program attached' "$loop" >/dev/null
echo
sed -n 1,3p "$out/bare.md"
sed -n 3p "$out/attached.md"
