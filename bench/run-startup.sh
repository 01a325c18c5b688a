#!/bin/sh
# Start-up cost of `syscage run` over the bare command, side by side in one hyperfine run: the
# bare command, the JVM alone (--version), run under Docker's default profile with a warm and a
# cold filter cache, with and without the AOT cache, and through bin/syscage as users call it.
# Needs hyperfine. Usage: bench/run-startup.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
"$here/bin/syscage" --version >/dev/null          # builds the jar first, outside the measurement
java="$("$here/bin/find-java")/bin/java"
jar="$here/cli/target/syscage.jar"
opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The AOT cache bin/syscage trains in the background after a build (see bin/syscage).
SYSCAGE_CACHE_DIR="$out/training" "$java" $opts -Xlog:aot=off -Xlog:cds=off -XX:AOTCacheOutput="$out/syscage.aot" \
    -jar "$jar" run -p builtin -- true >/dev/null 2>&1
aot="-Xlog:aot=off -Xlog:cds=off -XX:AOTCache=$out/syscage.aot"
warm="env SYSCAGE_CACHE_DIR=$out/warm"
cold="env SYSCAGE_CACHE_DIR=$out/cold"
hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$out/run.md" \
    -n 'true (bare)' "true" \
    -n 'syscage --version (JVM start, AOT cache)' "$java $opts $aot -jar $jar --version" \
    -n 'run -p builtin -- true (AOT cache, filter cached)' "$warm $java $opts $aot -jar $jar run -p builtin -- true" \
    -n 'run -p builtin -- true (AOT cache, filter compiled)' --prepare "rm -rf $out/cold" \
        "$cold $java $opts $aot -jar $jar run -p builtin -- true" \
    -n 'run -p builtin -- true (no AOT cache, filter cached)' "$warm $java $opts -jar $jar run -p builtin -- true" \
    -n 'bin/syscage run -p builtin -- true (as users call it)' "$here/bin/syscage run -p builtin -- true" \
    >/dev/null
cat "$out/run.md"
