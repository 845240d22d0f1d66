#!/bin/sh
# What a limit check adds in a cluster: two Hazelcast members on loopback in one JVM, the limiter
# (concurrency + rpm + tpm + daily tokens, every limit set) asked on member A, its counters spread
# over both members. Prints p50/p99. The issue's target: <= 1 ms p99 on loopback.
#   bench/limiter-cluster.sh            (RUNS=20000 bench/limiter-cluster.sh for more samples)
cd "$(dirname "$0")/.." || exit 1
exec mvn -B -q -o test -Dtest=ClusterLimiterBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Druns="${RUNS:-5000}" -Dhazelcast.wait.seconds.before.join=1 -DtrimStackTrace=false "$@" 2>&1 \
  | grep -E 'ClusterLimiterBench|LimiterLatency|FAIL|ERROR'
