#!/usr/bin/env bash
# Compile time: JMH benchmark of syscage's compiler on the benchmark profiles (module bench,
# built only with -Pbench), then libseccomp's time for the same profiles through python3-seccomp.
# Extra arguments go to JMH (e.g. bench/compiler/jmh.sh -f 1 -wi 1 -i 2 CompileBenchmark.compile$).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAVA_HOME="$("$root/bin/find-java")"
export JAVA_HOME
cd "$root"
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
mvn -B -q -Pbench -pl bench -am -DskipTests package
"$JAVA_HOME/bin/java" -jar bench/target/benchmarks.jar "$@"

echo
echo "libseccomp 2.5.4 (python3-seccomp), same profiles: seccomp_init..rule_add..export_bpf as runc does"
"$root/bin/syscage" --version >/dev/null
profiles="$(mktemp -d)"
trap 'rm -rf "$profiles"' EXIT
"$root/bin/syscage" resolve builtin --arch x86_64 --kernel 6.8 -o "$profiles/docker-default.json"
"$root/bin/syscage" resolve builtin --arch x86_64 --kernel 6.8 --cap-add SYS_ADMIN -o "$profiles/docker-default+SYS_ADMIN.json"
cp bench/compiler/profiles/web-server-allowlist.json bench/compiler/profiles/denylist.json "$profiles/"
/usr/bin/python3 bench/compiler/libseccomp-time.py "$profiles"/docker-default.json "$profiles"/docker-default+SYS_ADMIN.json \
    "$profiles"/web-server-allowlist.json "$profiles"/denylist.json
