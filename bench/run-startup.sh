#!/bin/sh
# Start-up cost of `syscage run` over the bare command, side by side in one hyperfine run:
# the bare command, the JVM alone (--version), run under a raw filter, and run under Docker's
# default profile compiled on the fly. Needs hyperfine. Usage: bench/run-startup.sh [RUNS]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
"$here/bin/syscage" --version >/dev/null          # builds the jar first, outside the measurement
java="$("$here/bin/find-java")/bin/java"
jar="$here/cli/target/syscage.jar"
opts="--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$here/bin/syscage" compile builtin -o "$out/builtin.bpf" 2>/dev/null
# The AOT cache bin/syscage trains in the background after a build (see bin/syscage).
"$java" $opts -Xlog:aot=off -Xlog:cds=off -XX:AOTCacheOutput="$out/syscage.aot" -jar "$jar" run -p builtin -- true \
    >/dev/null 2>&1
hyperfine -N --warmup 1 --runs "$runs" --export-markdown "$out/run.md" \
    -n 'true (bare)' "true" \
    -n 'syscage --version (JVM start)' "$java $opts -jar $jar --version" \
    -n 'syscage run --filter builtin.bpf -- true' "$java $opts -jar $jar run --filter $out/builtin.bpf -- true" \
    -n 'syscage run -p builtin -- true' "$java $opts -jar $jar run -p builtin -- true" \
    -n 'syscage run -p builtin -- true (AOT cache)' \
        "$java $opts -Xlog:aot=off -Xlog:cds=off -XX:AOTCache=$out/syscage.aot -jar $jar run -p builtin -- true" \
    -n 'syscage --version (AOT cache)' \
        "$java $opts -Xlog:aot=off -Xlog:cds=off -XX:AOTCache=$out/syscage.aot -jar $jar --version" \
    >/dev/null
cat "$out/run.md"
