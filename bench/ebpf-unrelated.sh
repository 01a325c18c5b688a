#!/bin/sh
# The eBPF recorder's cost on processes it does not record: a loop of 2 million one-byte
# read/write calls outside any recording, bare and while `syscage record --cgroup` watches an
# empty cgroup (the program then runs on every syscall of the machine and returns after its
# cgroup test). hyperfine gives the whole cost (the tracepoint's slow syscall path included);
# with bpftool, the kernel's own statistics (kernel.bpf_stats_enabled, restored afterwards) give
# the program's run time per call alone.
# Needs hyperfine and root. Usage: bench/ebpf-unrelated.sh [RUNS]   (default 10)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
syscage="$here/bin/syscage"
out=$(mktemp -d)
cgroup=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)/syscage-bench-$$
stats=$(cat /proc/sys/kernel/bpf_stats_enabled)
recorder=
cleanup() {
    [ -z "$recorder" ] || kill "$recorder" 2>/dev/null || true
    [ -z "$recorder" ] || wait "$recorder" 2>/dev/null || true
    echo "$stats" > /proc/sys/kernel/bpf_stats_enabled
    rmdir "$cgroup" 2>/dev/null || true
    rm -rf "$out"
}
trap cleanup EXIT
"$syscage" --version >/dev/null
loop="dd if=/dev/zero of=/dev/null bs=1 count=1000000"
hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/bare.md" -n 'unrelated loop, no program' "$loop" >/dev/null
mkdir "$cgroup"
"$syscage" record --cgroup "$cgroup" --force -o "$out/idle.json" 2>/dev/null &
recorder=$!
sleep 5   # JVM start-up and attach
hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/attached.md" -n 'unrelated loop, program attached' "$loop" >/dev/null
if command -v bpftool >/dev/null; then
    echo 1 > /proc/sys/kernel/bpf_stats_enabled
    before=$(bpftool prog show name syscage_count | awk '{ for (i = 1; i < NF; i++) { if ($i == "run_time_ns") t = $(i+1); if ($i == "run_cnt") c = $(i+1) } } END { print t + 0, c + 0 }')
    $loop 2>/dev/null
    after=$(bpftool prog show name syscage_count | awk '{ for (i = 1; i < NF; i++) { if ($i == "run_time_ns") t = $(i+1); if ($i == "run_cnt") c = $(i+1) } } END { print t + 0, c + 0 }')
fi
echo
sed -n 1,3p "$out/bare.md"
sed -n 3p "$out/attached.md"
if [ -n "${after:-}" ]; then
    echo "$before $after" | awk '{ printf "\nprogram run time on unrelated calls (kernel bpf_stats): %.0f ns per call over %d calls\n", ($3 - $1) / ($4 - $2), $4 - $2 }'
fi
