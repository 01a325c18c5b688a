#!/bin/sh
# Cost of recording a syscall-heavy workload: find over /usr, side by side in one hyperfine
# run: bare, strace -f -o /dev/null, and syscage record with the ptrace backend (one stop per call
# with a seccomp filter; and, for comparison, two stops per call with PTRACE_SYSCALL).
# Needs hyperfine and strace. Usage: bench/record.sh [DIR]   (default /usr: a few seconds bare; /usr/share alone is too short
# to see past the JVM's start-up)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-/usr}
syscage="$here/bin/syscage"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$syscage" --version >/dev/null   # builds the jar first, outside the measurement
hyperfine --warmup 1 --runs 3 --export-markdown "$out/record.md" \
    -n bare "find $dir -xdev" \
    -n 'strace -f -o /dev/null' "strace -f -o /dev/null find $dir -xdev" \
    -n 'syscage record --backend ptrace' \
        "$syscage record --backend ptrace --force -o $out/find.json -- find $dir -xdev" \
    -n 'syscage record (two stops)' \
        "$syscage record --backend ptrace --two-stops --force -o $out/find.json -- find $dir -xdev" \
    >/dev/null
cat "$out/record.md"
