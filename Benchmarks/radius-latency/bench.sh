#!/usr/bin/env bash
# Handshake rate with EAP-MSCHAPv2 relayed to FreeRADIUS, answering at once
# and with added latency (issue 6): the interop lab (Tests/Interop/harness.sh)
# with profile radius-latency, so both runs take the same path through the
# delaying proxy, only its delay differs. The gateway is pinned to core 0,
# the load generator, FreeRADIUS and the proxy to core 1. Gateway CPU time
# per handshake is read from /proc.
#
#   Benchmarks/radius-latency/bench.sh [COUNT] [CONCURRENCY] [DELAYS...]
#
# Needs root and a release build: swift build -c release --product gatehouse
set -euo pipefail
cd "$(dirname "$0")/../.."
COUNT=${1:-3000}
CONCURRENCY=${2:-256}
shift $(( $# > 2 ? 2 : $# ))
DELAYS=("${@:-0 50}")
read -r -a DELAYS <<< "${DELAYS[*]}"
export GATEHOUSE_BINARY=${GATEHOUSE_BINARY:-$PWD/.build/release/gatehouse}
export GATEHOUSE_BENCH=1 GATEHOUSE_LOG_LEVEL=warning GATEHOUSE_RADIUS_DELAY_MS=${DELAYS[0]}
STATE=${GATEHOUSE_INTEROP_STATE:-/tmp/gatehouse-interop}
harness=Tests/Interop/harness.sh
[[ -x $GATEHOUSE_BINARY ]] || { echo "build first: swift build -c release --product gatehouse" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
bench() {
    taskset -c 1 "$harness" client-exec "$GATEHOUSE_BINARY" bench --gateway 192.0.2.1 --local 192.0.2.2 \
        --gateway-certificate "$STATE/pki/gateway.pem" --count "$1" --concurrency "$CONCURRENCY"
}

"$harness" down >/dev/null 2>&1 || true
trap '"$harness" down >/dev/null 2>&1 || true' EXIT
"$harness" up radius-latency >/dev/null
gateway=$("$harness" gateway-pid)
taskset -apc 0 "$gateway" >/dev/null
for pid in $(pgrep -f "$STATE/radius" || true); do taskset -apc 1 "$pid" >/dev/null 2>&1 || true; done
hz=$(getconf CLK_TCK)

echo "| RADIUS delay (each way) | handshakes | in flight | handshakes/s | p50 | p99 | gateway CPU per handshake |"
echo "|---|---|---|---|---|---|---|"
for delay in "${DELAYS[@]}"; do
    "$harness" radius delay "$delay" >/dev/null
    for pid in $(pgrep -f radius_delay_proxy || true); do taskset -apc 1 "$pid" >/dev/null 2>&1 || true; done
    bench 200 >/dev/null   # warm-up: caches, leases, FreeRADIUS's threads
    before=$(cpu_ticks "$gateway")
    report=$(bench "$COUNT")
    after=$(cpu_ticks "$gateway")
    rate=$(sed -n 's/.*: \([0-9.]*\) handshakes\/s.*/\1/p' <<< "$report")
    p50=$(sed -n 's/.*p50 \([0-9.]*\) seconds.*/\1/p' <<< "$report")
    p99=$(sed -n 's/.*p99 \([0-9.]*\) seconds.*/\1/p' <<< "$report")
    established=$(sed -n 's/^established \([0-9]*\),.*/\1/p' <<< "$report")
    cpu=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$established" 'BEGIN { printf "%.2f ms", t * 1000 / hz / n }')
    printf '| %s ms | %s | %s | %s | %.0f ms | %.0f ms | %s |\n' "$delay" "$established" "$CONCURRENCY" "$rate" \
        "$(awk -v s="$p50" 'BEGIN { print s * 1000 }')" "$(awk -v s="$p99" 'BEGIN { print s * 1000 }')" "$cpu"
    grep -q "failed 0 " <<< "$report" || echo "$report" >&2
done
