#!/usr/bin/env bash
# Tunnel throughput through Gatehouse's userspace data plane and through
# strongSwan's (Debian charon with kernel-libipsec) as the gateway, with the
# same client (strongSwan charon with kernel-libipsec), lab
# (Tests/Interop/harness.sh: client, gateway and LAN namespaces) and load:
# iperf3 TCP for SECONDS each way, per suite. Prints a Markdown table with
# the receiver's rate and the gateway's CPU time per GB carried.
#
#   Benchmarks/Throughput/throughput.sh [SECONDS]
#
# Needs root and a release build of gatehouse (swift build -c release
# --product gatehouse); installs iperf3 if missing. Client, gateway and
# iperf3 share this machine's cores, so the two gateways are compared by
# their CPU time per GB as well as by rate.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HARNESS=$ROOT/Tests/Interop/harness.sh
SECONDS_EACH=${1:-10}
export GATEHOUSE_BINARY=${GATEHOUSE_BINARY:-$ROOT/.build/release/gatehouse}
[[ -x $GATEHOUSE_BINARY ]] || { echo "build first: swift build -c release --product gatehouse" >&2; exit 1; }
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# One iperf3 run ("" upload from the client, "-R" download to it); prints
# the receiver's Mbit/s and the gateway's CPU seconds per GB.
measure() {
    local pid before after result
    pid=$("$HARNESS" gateway-pid)
    "$HARNESS" lan-exec iperf3 -s -1 -D >/dev/null
    sleep 0.3
    before=$(cpu_ticks "$pid")
    result=$("$HARNESS" client-exec iperf3 -c 203.0.113.10 -t "$SECONDS_EACH" -J $1 \
        | python3 -c 'import json, sys; r = json.load(sys.stdin)["end"]["sum_received"]; print(r["bits_per_second"], r["bytes"])')
    after=$(cpu_ticks "$pid")
    python3 -c "import sys; bits, octets = map(float, '$result'.split()); print(round(bits / 1e6), round(($after - $before) / 100 / (octets / 1e9), 2))"
}

trap '"$HARNESS" down >/dev/null 2>&1' EXIT
echo "| Gateway | Suite | Upload Mbit/s | CPU s/GB | Download Mbit/s | CPU s/GB |"
echo "|---|---|---:|---:|---:|---:|"
for gateway in gatehouse strongswan; do
    profile=default
    [[ $gateway == strongswan ]] && profile=strongswan
    "$HARNESS" up "$profile" >/dev/null 2>&1
    for connection in eap win7-aes; do
        "$HARNESS" initiate "$connection" >/dev/null || { echo "cannot connect $connection to $gateway" >&2; exit 1; }
        read -r up up_cpu < <(measure "")
        read -r down down_cpu < <(measure "-R")
        suite=AES-GCM-256
        [[ $connection == win7-aes ]] && suite=AES-256-CBC/HMAC-SHA1-96
        echo "| $gateway | $suite | $up | $up_cpu | $down | $down_cpu |"
        "$HARNESS" terminate-client "$connection" >/dev/null || true
    done
    "$HARNESS" down >/dev/null 2>&1
done
