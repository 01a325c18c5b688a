#!/usr/bin/env bash
# Compares syscage's compiler with Debian's libseccomp (python3-seccomp) on Docker's default
# profile and three others. Prints a markdown table. Needs /usr/bin/python3 with python3-seccomp.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$root/bin/syscage" --version >/dev/null   # builds the jar when needed
JAVA_HOME="$("$root/bin/find-java")"
exec "$JAVA_HOME/bin/java" -cp "$root/cli/target/syscage.jar" "$root/bench/compiler/CompilerBench.java" "$root"
