#!/usr/bin/env bash
# Builds the benchmarks and runs them.
#   bench/run.sh figures        quick kernel table (GFLOP/s, GB/s, % of the FMA peak) for bench/README.md
#   bench/run.sh fma            the FMA-throughput probe alone (the machine's peak)
#   bench/run.sh loader         loader throughput with the full CIFAR training augmentation
#   bench/run.sh jmh [ARGS...]  the JMH benchmarks (ConvBenchmark, NormPoolBenchmark); ARGS go to JMH
set -euo pipefail
cd "$(dirname "$0")/.."
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
./mvnw -q -pl bench -am package -DskipTests
JAVA=("$JAVA_HOME/bin/java" --add-modules jdk.incubator.vector --sun-misc-unsafe-memory-access=allow --add-opens=java.base/java.nio=ALL-UNNAMED)
case "${1:-figures}" in
  figures) "${JAVA[@]}" -cp bench/target/benchmarks.jar dev.pcdarts.bench.KernelFigures ;;
  fma) "${JAVA[@]}" -cp bench/target/benchmarks.jar dev.pcdarts.vector.FmaProbe ;;
  loader) "${JAVA[@]}" -cp bench/target/benchmarks.jar dev.pcdarts.bench.LoaderThroughput ;;
  jmh) shift; "${JAVA[@]}" -jar bench/target/benchmarks.jar "$@" ;;
  *) echo "usage: bench/run.sh figures|fma|loader|jmh [JMH args]" >&2; exit 2 ;;
esac
