#!/usr/bin/env bash
# Writes the seccomp-tools reference fixtures for real filters: man-db's sandbox and filters
# libseccomp builds from three profiles, for x86_64, x86 and aarch64 at optimize levels 1 and 2.
# For each filter it stores the bytes and what seccomp-tools prints for them (disasm, its
# --no-bpf and --asm-able variants, emu on sampled syscalls). syscage's tests compare against them.
#
# Usage (from the project root, as root for the man-db capture):
#   tools/seccomp-tools-reference.sh SECCOMP_TOOLS_CHECKOUT [OUT_DIR]
# SECCOMP_TOOLS_CHECKOUT is a seccomp-tools source tree (its lib/ is put on ruby's load path; the
# dump command's C extension is not needed). Needs ruby, Debian's /usr/bin/python3 with
# python3-seccomp, and man-db. OUT_DIR defaults to the test resources directory.
set -euo pipefail

st=${1:?usage: $0 SECCOMP_TOOLS_CHECKOUT [OUT_DIR]}
out=${2:-core/src/test/resources/org/syscage/core/inspect/seccomp-tools-real}
st=$(cd "$st" && pwd)
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# seccomp-tools shows the emulated path only in colour, and colours only a terminal; this makes
# its stdout claim to be one, so the dimmed (not run) lines are marked with ESC[2m.
seccomp_tools() {
  ruby -I "$st/lib" -e 'require "seccomp-tools/cli/cli"; SeccompTools::CLI.work(ARGV)' -- "$@"
}
seccomp_tools_tty() {
  ruby -I "$st/lib" -e '$stdout.define_singleton_method(:tty?) { true }
require "seccomp-tools/cli/cli"; SeccompTools::CLI.work(ARGV)' -- "$@"
}

# Reduces a coloured emu report to its facts: the listing lines that ran (those not dimmed with
# ESC[2m), as "path: 0000 0001 ...", then the verdict line seccomp-tools ends with.
path_of() {
  printf '%s\n' "$1" | sed 's/^\x1b\[0m//' | awk '
    /^ [0-9][0-9][0-9][0-9]: / { path = path " " substr($1, 1, 4) }
    /^return / { verdict = $0 }
    END { print "path:" path; print verdict }'
}

# kernel arch name -> seccomp-tools arch name
st_arch() { case $1 in x86_64) echo amd64 ;; x86) echo i386 ;; aarch64) echo aarch64 ;; esac; }

# Two hand-written policies; Docker's default comes from syscage resolve for each arch.
cat > "$work/allowlist-args.json" <<'JSON'
{"defaultAction": "SCMP_ACT_KILL_PROCESS",
 "syscalls": [
  {"names": ["read", "write", "close", "fstat", "brk", "exit_group", "rt_sigreturn", "getpid"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["openat"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 3, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
  {"names": ["openat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
  {"names": ["mprotect", "mmap"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 2, "value": 4, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
  {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]},
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]},
  {"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 4294967295, "op": "SCMP_CMP_EQ"}]},
  {"names": ["kill"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_GT"}, {"index": 1, "value": 15, "op": "SCMP_CMP_LE"}]},
  {"names": ["pread64"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 3, "value": 4294967296, "op": "SCMP_CMP_LT"}]},
  {"names": ["ioctl"], "action": "SCMP_ACT_ERRNO", "errnoRet": 25, "args": [{"index": 1, "value": 21505, "op": "SCMP_CMP_NE"}]},
  {"names": ["ioctl"], "action": "SCMP_ACT_ALLOW"},
  {"names": ["uname"], "action": "SCMP_ACT_LOG"},
  {"names": ["ptrace"], "action": "SCMP_ACT_TRAP"},
  {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 2080505856, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]}
 ]}
JSON
cat > "$work/denylist.json" <<'JSON'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [
  {"names": ["ptrace", "mount", "umount2", "kexec_load", "init_module", "finit_module", "delete_module", "bpf", "pivot_root"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
  {"names": ["reboot"], "action": "SCMP_ACT_KILL_PROCESS"},
  {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
  {"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_NE"}, {"index": 0, "value": 0, "op": "SCMP_CMP_NE"}]},
  {"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 97, "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
  {"names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 0, "value": 268435456, "valueTwo": 268435456, "op": "SCMP_CMP_MASKED_EQ"}]},
  {"names": ["keyctl", "add_key", "request_key"], "action": "SCMP_ACT_KILL"}
 ]}
JSON

# Samples for emu: syscall (a name of the arch's seccomp-tools table, or a number) and arguments.
samples() {
  local arch=$1
  echo "read 0x3"
  echo "write 1"
  echo "openat 0xffffff9c 0 0"
  echo "openat 0xffffff9c 0 0x241"
  echo "mprotect 0 0x1000 0x5"
  echo "mmap 0 0x1000 0x3"
  echo "socket 1 1 0"
  echo "socket 40 1 0"
  echo "personality 0xffffffff"
  echo "personality 8"
  echo "personality 0x100000000"
  echo "kill 1 9"
  echo "kill 0xffffffffffffffff 9"
  echo "pread64 3 0 16 0xffffffff"
  echo "pread64 3 0 16 0x100000000"
  echo "ioctl 1 0x5401"
  echo "ioctl 1 0x5413"
  echo "clone 0x11200011"
  echo "clone 0x10000000"
  echo "unshare 0x10000000"
  echo "ptrace 0"
  echo "mount 0"
  echo "reboot 0"
  echo "clone3 0"
  echo "keyctl 0"
  echo "uname 0"
  echo "prctl 22 2"
  echo "exit_group 0"
  echo "999"
  case $arch in
    amd64) echo "open 0 0"; echo "0x40000000"; echo "0x40000001 1" ;;
    i386) echo "socketcall 1"; echo "ipc 0"; echo "open 0 0" ;;
  esac
}

# disasm in three forms and emu on every sample, for one filter already written to $out/$name.bpf
reference() {
  local name=$1 arch=$2 bpf="$out/$1.bpf"
  seccomp_tools disasm "$bpf" -a "$arch" > "$out/$name.disasm"
  seccomp_tools disasm "$bpf" -a "$arch" --no-bpf > "$out/$name.no-bpf.disasm"
  seccomp_tools disasm "$bpf" -a "$arch" --asm-able > "$out/$name.asm-able.disasm"
  : > "$out/$name.emu"
  samples "$arch" | while read -r -a sample; do
    # a name the arch does not have makes seccomp-tools fail; such samples are left out
    if result=$(seccomp_tools_tty emu "$bpf" -a "$arch" "${sample[@]}" 2>/dev/null); then
      printf '#### emu %s\n%s\n' "${sample[*]}" "$(path_of "$result")" >> "$out/$name.emu"
    fi
  done
}

# man-db's sandbox, as its children install it
bin/syscage dump -q -f bpf -o "$work/man.bpf" --force -c 'man -P cat ls > /dev/null'
cp "$work/man.bpf" "$out/man-db.amd64.bpf"
reference man-db.amd64 amd64

for arch in x86_64 x86 aarch64; do
  sa=$(st_arch $arch)
  bin/syscage resolve builtin -a "$arch" --kernel 6.1 -o "$work/docker-default.$arch.json" --force
  for profile in docker-default allowlist-args denylist; do
    src="$work/$profile.json"
    [ "$profile" = docker-default ] && src="$work/docker-default.$arch.json"
    for opt in 1 2; do
      # one arch per filter (seccomp-tools names the syscalls of amd64, i386 and aarch64 only),
      # except Docker's default on x86_64, which keeps the x86 and x32 sections dockerd adds
      arches="[\"$arch\"]"
      [ "$profile" = docker-default ] && [ "$arch" = x86_64 ] && arches='["x86_64", "x86", "x32"]'
      job=$(jq -c --argjson arches "$arches" --arg native "$arch" --argjson opt "$opt" \
        '{jobs: [{profile: ., native: $native, arches: $arches, optimize: $opt}]}' "$src")
      name="$profile.$sa.o$opt"
      echo "$job" | /usr/bin/python3 tools/libseccomp-oracle.py \
        | jq -er '.bpf' | base64 -d > "$out/$name.bpf"
      reference "$name" "$sa"
    done
  done
done
echo "wrote $out"
