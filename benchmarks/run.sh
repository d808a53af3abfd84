#!/usr/bin/env bash
# Builds what the benchmarks need and runs one of them; see docs/benchmarks.md.
#   benchmarks/run.sh throughput [model] [items] [batch] [rounds]
#   benchmarks/run.sh codec
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp package -DskipTests -pl benchmarks -am
exec java -Xmx4g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" io.fathom.bench.Bench "$@"
