#!/usr/bin/env bash
# Interop harness: Gatehouse as the gateway and Debian's strongSwan charon as
# the client, each in its own network namespace. Used by InteropTests; usable
# by hand for debugging:
#
#   harness.sh up [profile]          namespaces, PKI, gatehouse (profile: default|strict|big-chain|quick-start|xfrm|probe|masquerade|block-ipv6|flood), charon;
#                                    profile strongswan runs Debian's charon as the gateway instead (the benchmarks' baseline),
#                                    strongswan-radius and strongswan-radius-latency with EAP relayed to FreeRADIUS (eap-radius);
#                                    profiles radius, radius-failover (first server 203.0.113.11, which never answers) and
#                                    radius-latency (through the delaying proxy, GATEHOUSE_RADIUS_DELAY_MS, default 50) start
#                                    FreeRADIUS first and relay EAP to it, with accounting;
#                                    profile ldap starts slapd first and checks EAP users against it
#                                    (authentication.directory over StartTLS, lab CA verified, required
#                                    group vpnusers, contractors -> pool machines and 203.0.113.0/25),
#                                    chained with the secrets file (alice etc.) while it is unreachable;
#                                    profile lifecycle: the gateway rekeys IKE SAs every 15 s, CHILD_SAs every
#                                    10-12 s, and checks idle clients after 5 s; radius-dpd: radius with
#                                    dead peers found in about 10 s
#   harness.sh restart-gateway P     restart gatehouse with profile P
#   harness.sh kill-gateway          SIGKILL the gateway (a crash; restart-gateway brings it back)
#   harness.sh kill-client           SIGKILL the client's charon (a client that vanishes: dead peer detection)
#   harness.sh client-move           the client roams from 192.0.2.2 to 192.0.2.3 (MOBIKE)
#   harness.sh initiate CONN         swanctl --initiate CONN (exit status 0 when established)
#   harness.sh terminate-client CONN swanctl --terminate CONN
#   harness.sh client-sas            swanctl --list-sas
#   harness.sh swan-gateway-sas      swanctl --list-sas at the strongSwan gateway (profiles strongswan*)
#   harness.sh gatehouse ARGS...     the gatehouse CLI against the running gateway
#   harness.sh add-user NAME PW      add a user to the gateway's secrets file (then reload)
#   harness.sh logs                  tail of both logs
#   harness.sh down                  stop the daemons (FreeRADIUS and slapd too), delete the namespaces
#
#   harness.sh radius start|stop|status   FreeRADIUS on the LAN host (203.0.113.10, auth 1812, acct 1813)
#   harness.sh radius detail         the accounting detail file ($STATE/radius/radacct/detail)
#   harness.sh radius log [N]        tail of FreeRADIUS's log (a line per auth)
#   harness.sh radius eap USER PW [SERVER]  EAP-MSCHAPv2 with eapol_test from the gateway's namespace
#   harness.sh radius delay MS|off   the delaying proxy on 203.0.113.12 (MS each way) to FreeRADIUS
#
#   harness.sh ldap start|stop|status  slapd on the LAN host: ldap://203.0.113.10:389 (StartTLS) and
#                                    ldaps://203.0.113.10:636, CA $STATE/ldap/tls/ca.pem (server
#                                    certificate for IP 203.0.113.10 and DNS ldap.example.com); base
#                                    dc=example,dc=com; read-only service account
#                                    cn=vpn-svc,ou=services,dc=example,dc=com / svc-pw (alone reads
#                                    sambaNTPassword); users uid=NAME,ou=people: lara/lara-pw and
#                                    leo/leo-pw in cn=vpnusers,ou=groups (and vpnusers-posix),
#                                    lucy/lucy-pw not; see Tests/Interop/ldap/README.md. stop: TERM,
#                                    then KILL after 10 s. GATEHOUSE_LDAP_SCHEMA=min: the bundled
#                                    Samba schema subset instead of Debian's samba.schema
#   harness.sh ldap search ARGS...   ldapsearch -LLL as the service account over StartTLS (CA
#                                    verified) from the gateway's namespace, base dc=example,dc=com;
#                                    ARGS: [options] filter [attributes]
#   harness.sh ldap log [N]          tail of slapd's log ($STATE/ldap/log/slapd.log, -d stats)
#
#   harness.sh ad start|stop|status  a Samba 4 AD DC (realm CORP.EXAMPLE.COM, domain CORP) in its own
#                                    namespace PREFIX-dc at 203.0.113.20 (veth straight to the gateway's
#                                    namespace), ldaps CA $STATE/ad/ca.pem (SAN IP:203.0.113.20 and
#                                    dc1.corp.example.com); the gateway's namespace joins as member GW1
#                                    and runs winbindd. start copies a provisioned DC from
#                                    $STATE/ad/provisioned (made once, ~18 s; then ~7 s). Users:
#                                    svc-vpn, alice, bob, carol, dave, erin, frank (Tests/Interop/ad/README.md).
#                                    A gateway (re)started while the member runs sees its /run/samba.
#   harness.sh ad exec CMD...        run CMD in the DC's context (samba-tool, ldbsearch, wbinfo)
#   harness.sh ad gw-exec CMD...     run CMD in the gateway's namespace as the member (/run/samba,
#                                    DC DNS, LDAPTLS_CACERT, KRB5_CONFIG): wbinfo, ntlm_auth, ldapsearch, kinit
#   harness.sh ad ntlm-auth [ARGS]   exec ntlm_auth --helper-protocol=ntlm-server-1 --allow-mschapv2
#                                    as the gateway runs it (stdin/stdout; for NTLMAuthPool)
#   harness.sh ad lock USER | unlock USER   five bad ldaps binds from the gateway / samba-tool user unlock
#   harness.sh ad search ARGS...     ldapsearch over ldaps as svc-vpn, base DC=corp,DC=example,DC=com
#
#   harness.sh flood up              a flood namespace PREFIX-fld on a veth to the gateway's namespace
#                                    (198.51.100.1 there, .2 here) with 508 source addresses,
#                                    198.19.0.1-198.19.1.254, which the gateway's namespace routes there
#   harness.sh flood run SECONDS RATE   IKE_SA_INIT requests from all of them in turn (flood/ike_init_flood.py),
#                                    RATE per second, never returning a cookie; prints what was sent and answered
#   harness.sh flood down            stop a running flood, delete the namespace (down does both)
#
#   harness.sh client-exec CMD...    run a command in the client's namespace
#   harness.sh lan-exec CMD...       run a command on the LAN host behind the gateway
#   harness.sh gateway-exec CMD...   run a command in the gateway's namespace
#   harness.sh gateway-pid           the running gateway's pid (Gatehouse or strongSwan)
#   harness.sh transfer MB           send MB megabytes over TCP from the client to the LAN host, compare checksums
#
# Addresses are documentation ranges only: 192.0.2.1 (gateway) and 192.0.2.2
# (client) on a veth pair, pool 198.18.0.0/24; behind the gateway the
# protected LAN 203.0.113.0/24 with the gateway at .1 and one host at .10
# (a third namespace), which routes the pool back through the gateway.
# The LAN host also has .11 (drops RADIUS: a dead server) and .12 (the
# delaying proxy); FreeRADIUS listens on .10 with the secret
# interop-radius-secret for the client 203.0.113.1.
# Everything lives in $STATE.
#
# Environment: GATEHOUSE_INTEROP_STATE (default /tmp/gatehouse-interop),
# GATEHOUSE_BINARY, and GATEHOUSE_INTEROP_PREFIX (default ghi): the
# namespaces are PREFIX-gw, PREFIX-cli and PREFIX-lan, so two labs with
# different prefixes and states can run on one machine at the same time.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
STATE=${GATEHOUSE_INTEROP_STATE:-/tmp/gatehouse-interop}
GATEHOUSE=${GATEHOUSE_BINARY:-$ROOT/.build/debug/gatehouse}
CHARON=/usr/lib/ipsec/charon
PREFIX=${GATEHOUSE_INTEROP_PREFIX:-ghi}
[[ $PREFIX =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo "[interop] ERROR: GATEHOUSE_INTEROP_PREFIX must be 1-8 lower-case letters or digits" >&2; exit 1; }
NS_GW=$PREFIX-gw
NS_CLI=$PREFIX-cli
NS_LAN=$PREFIX-lan
NS_FLOOD=$PREFIX-fld

# FreeRADIUS on the LAN host (radius command, radius* profiles); the
# failover profile's first server, where nothing answers; the delaying proxy.
RADIUS_SERVER=203.0.113.10
RADIUS_DEAD=203.0.113.11
RADIUS_PROXY=203.0.113.12
RADIUS_SECRET=interop-radius-secret

# slapd on the LAN host (ldap command): base, the read-only service account,
# the rootdn; the users are in Tests/Interop/ldap/base.ldif.in.
LDAP_SERVER=203.0.113.10
LDAP_NAME=ldap.example.com
LDAP_BASE=dc=example,dc=com
LDAP_SVC_DN=cn=vpn-svc,ou=services,$LDAP_BASE
LDAP_SVC_PW=svc-pw
LDAP_ADMIN_DN=cn=admin,$LDAP_BASE
LDAP_ADMIN_PW=admin-pw

log() { printf '[interop] %s\n' "$*" >&2; }
die() { printf '[interop] ERROR: %s\n' "$*" >&2; exit 1; }

# The Samba AD DC ($PREFIX-dc, 203.0.113.20) and the gateway as its domain member.
. "$HERE/ad/ad.sh"

# ---------------------------------------------------------------- network
net_up() {
    for ns in $NS_GW $NS_CLI $NS_LAN; do
        ip netns add "$ns"
        # IPv4 only: no IPv6 chatter or address events during the tests
        # (but in bench mode the gateway routes an IPv6 pool).
        [[ -n ${GATEHOUSE_BENCH:-} && $ns == "$NS_GW" ]] ||
            ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "$ns" link set lo up
    done
    ip link add ghi-veth-gw netns $NS_GW type veth peer name ghi-veth-cli netns $NS_CLI
    ip -n $NS_GW addr add 192.0.2.1/24 dev ghi-veth-gw
    ip -n $NS_CLI addr add 192.0.2.2/24 dev ghi-veth-cli
    ip -n $NS_GW link set ghi-veth-gw up
    ip -n $NS_CLI link set ghi-veth-cli up
    ip link add ghi-lan-gw netns $NS_GW type veth peer name ghi-lan-host netns $NS_LAN
    ip -n $NS_GW addr add 203.0.113.1/24 dev ghi-lan-gw
    ip -n $NS_LAN addr add 203.0.113.10/24 dev ghi-lan-host
    ip -n $NS_GW link set ghi-lan-gw up
    # Bench mode's IPv6 protected subnet, for strongSwan to source routes from.
    [[ -z ${GATEHOUSE_BENCH:-} ]] || ip -n $NS_GW addr add 2001:db8:ffff:1::1/64 dev ghi-lan-gw nodad
    ip -n $NS_LAN link set ghi-lan-host up
    # Two more addresses on the LAN host: a RADIUS server that never answers
    # (its packets are dropped, as with a host that is down: no ICMP), and
    # the delaying proxy's.
    ip -n $NS_LAN addr add $RADIUS_DEAD/24 dev ghi-lan-host
    ip -n $NS_LAN addr add $RADIUS_PROXY/24 dev ghi-lan-host
    ip netns exec $NS_LAN nft -f - <<EOF
table inet interop {
    chain input {
        type filter hook input priority 0; policy accept;
        ip daddr $RADIUS_DEAD udp dport { 1812, 1813 } drop
    }
}
EOF
    ip -n $NS_LAN route add 198.18.0.0/24 via 203.0.113.1
    ip -n $NS_LAN route add 198.18.4.0/24 via 203.0.113.1   # pool.named machines
}

net_down() {
    ad_net_down
    flood_stop
    for ns in $NS_CLI $NS_GW $NS_LAN $NS_FLOOD; do
        [[ -e /run/netns/$ns ]] && ip netns del "$ns"
    done
    return 0
}

# ---------------------------------------------------------------- PKI (openssl)
pki() {
    local d=$STATE/pki
    [[ -s $d/big/chain.pem ]] && return 0
    mkdir -p "$d/big"
    # RSA-2048 CA and gateway certificate as Windows wants it: EKU serverAuth
    # and ikeIntermediate, SAN DNS with the name the client dials.
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" -days 3650 \
        -subj "/CN=Gatehouse Interop CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    leaf "$d" "$d/ca.pem" "$d/ca.key" 2048 gateway
    # A large chain: RSA-4096 root, intermediate and gateway, so the first
    # IKE_AUTH response needs IKEv2 fragmentation.
    openssl req -x509 -newkey rsa:4096 -nodes -keyout "$d/big/root.key" -out "$d/big/root.pem" -days 3650 \
        -subj "/CN=Gatehouse Interop Big Root" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:4096 -nodes -keyout "$d/big/inter.key" -out "$d/big/inter.csr" \
        -subj "/CN=Gatehouse Interop Intermediate" 2>/dev/null
    printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$d/big/inter.ext"
    openssl x509 -req -in "$d/big/inter.csr" -CA "$d/big/root.pem" -CAkey "$d/big/root.key" -CAcreateserial \
        -out "$d/big/inter.pem" -days 3650 -extfile "$d/big/inter.ext" 2>/dev/null
    leaf "$d/big" "$d/big/inter.pem" "$d/big/inter.key" 4096 gateway
    cat "$d/big/gateway.pem" "$d/big/inter.pem" > "$d/big/chain.pem"
}

# Machine certificates issued by `gatehouse pki` itself (case A): laptop1
# is valid, laptop2 revoked (in the CRL the gateway reads), laptop3 from
# another CA of the same name. Kept across runs, like the PKI above.
client_pki() {
    local d=$STATE/pki
    [[ -s $d/clients/crl.pem && -s $d/other/laptop3.pem ]] && return 0
    rm -rf "$d/clients" "$d/other"
    "$GATEHOUSE" pki init --dir "$d/clients" --name "Gatehouse Interop Machines CA" --bits 2048 >/dev/null
    "$GATEHOUSE" pki client --dir "$d/clients" laptop1.example.com --out laptop1 >/dev/null
    "$GATEHOUSE" pki client --dir "$d/clients" laptop2.example.com --out laptop2 >/dev/null
    "$GATEHOUSE" pki revoke --dir "$d/clients" laptop2.example.com >/dev/null
    "$GATEHOUSE" pki init --dir "$d/other" --name "Gatehouse Interop Machines CA" --bits 2048 >/dev/null
    "$GATEHOUSE" pki client --dir "$d/other" laptop3.example.com --out laptop3 >/dev/null
}

leaf() {  # folder, CA cert, CA key, bits, name
    local d=$1
    openssl req -newkey "rsa:$4" -nodes -keyout "$d/$5.key" -out "$d/$5.csr" -subj "/CN=gw.example.com" 2>/dev/null
    printf 'subjectAltName=DNS:gw.example.com\nextendedKeyUsage=serverAuth,1.3.6.1.5.5.8.2.2\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
        > "$d/$5.ext"
    openssl x509 -req -in "$d/$5.csr" -CA "$2" -CAkey "$3" -CAcreateserial -out "$d/$5.pem" -days 3650 -extfile "$d/$5.ext" 2>/dev/null
}

# ---------------------------------------------------------------- gatehouse
gateway_config() {  # profile
    local d=$STATE/gw certificate=$STATE/pki/gateway.pem key=$STATE/pki/gateway.key profile=default create=false backend=auto masquerade=false leak='' dhcp=true
    local lifetimes='' child_lifetime='' level=${GATEHOUSE_LOG_LEVEL:-debug} limits=''
    mkdir -p "$d"
    case $1 in
        default) ;;
        strict) profile=strict ;;
        big-chain) certificate=$STATE/pki/big/chain.pem; key=$STATE/pki/big/gateway.key ;;
        # The gateway issues its own CA and certificate (swift-certificates).
        quick-start) certificate=$d/certs/gateway.pem; key=$d/certs/gateway.key; create=true ;;
        # The kernel backend, which this test kernel (no ESP) must refuse;
        # probe: auto with nothing only userspace provides, so the kernel is
        # probed. Both without the DHCP responder, which is userspace-only.
        xfrm) backend=xfrm; dhcp=false ;;
        probe) dhcp=false ;;
        # Source NAT for the pool: the LAN host has no route back to it.
        masquerade) masquerade=true ;;
        # IPv6 leak protection: clients' IPv6 is refused inside the tunnel.
        block-ipv6) leak='  ipv6-leak-protection: 2001:db8:ffff:fffe::/64' ;;
        # EAP relayed to FreeRADIUS on the LAN host, and accounting to it
        # (authentication_section below; radius-dpd further down).
        radius|radius-failover|radius-latency) ;;
        # EAP users checked against slapd on the LAN host, the secrets file
        # as the fallback (authentication_section below).
        ldap) ;;
        # Users of the Samba AD DC (harness.sh ad), LDAPS or StartTLS.
        ad|ad-starttls) ;;
        # Short lifetimes: the gateway rekeys IKE SAs every 15 s and
        # CHILD_SAs every 10-12 s, and asks idle clients after 5 s.
        lifecycle)
            lifetimes=$'lifetimes:\n  ike-rekey: 15s\n  jitter: 0%\n  dpd: 5s\n  retransmit: {timeout: 1s, tries: 3}'
            child_lifetime='  lifetime: {soft-time: 12s, hard-time: 60s, jitter: 2s}' ;;
        # FreeRADIUS with accounting (radius), and dead peers found in
        # about 10 s: a check after 3 s idle, three sends 1 s, 2 s, 4 s apart.
        radius-dpd) lifetimes=$'lifetimes:\n  dpd: 3s\n  retransmit: {timeout: 1s, tries: 3}' ;;
        # For the IKE_SA_INIT flood: the log at info, as in production (at
        # debug every cookie demand is a line), and half-open SAs the flood
        # made gone after 10 s, so the load is over soon after the flood.
        flood) level=info; limits=$'limits:\n  half-open-timeout: 10s' ;;
        *) die "unknown profile $1" ;;
    esac
    cat > "$d/secrets.yaml" <<EOF
users:
  alice:
    password: alice-pw
  bob:
    nt-hash: $(printf '%s' 'bob-pw' | iconv -t UTF-16LE | openssl dgst -md4 -provider legacy -provider default | awk '{print $2}')
EOF
    printf '  carol:\n    password: carol-pw\n' >> "$d/secrets.yaml"
    for i in $(seq 0 9); do printf '  user%d:\n    password: user%d-pw\n' "$i" "$i" >> "$d/secrets.yaml"; done
    cat > "$d/gatehouse.yaml" <<EOF
gateway:
  identity: gw.example.com
  certificate: $certificate
  private-key: $key
  create-if-missing: $create
listen:
  addresses: [192.0.2.1]
proposals:
  profile: $profile
pool:
  ipv4: 198.18.0.0/24
  named:
    machines: {ipv4: 198.18.4.0/24}
network:
  dns: [203.0.113.53]
  split-tunnel: [203.0.113.0/24]
$leak
$(authentication_section "$1")
fragmentation:
  max-message-size: 1232
$lifetimes
data-plane:
  backend: $backend
  masquerade: $masquerade
  dhcp: $dhcp
$child_lifetime
control:
  socket: $d/control.sock
log-level: $level
$limits
EOF
    # Benchmarks: one load source, so no per-source or cookie limits, and
    # the same users connected many times at once.
    if [[ -n ${GATEHOUSE_BENCH:-} ]]; then
        printf 'limits:\n  cookie-threshold: 1000000\n  half-open-per-source: 1000000\n' >> "$d/gatehouse.yaml"
        # Room for 10,000s of kept SAs with IPv4 addresses (clear of the
        # named pools in 198.18.0.0/16) and for 100,000s with IPv6 ones.
        sed -i -e 's|^  ipv4: 198.18.0.0/24$|  ipv4: 198.19.0.0/16\n  ipv6: 2001:db8:1::/104|' \
            -e 's|^  split-tunnel: \[203.0.113.0/24\]$|  split-tunnel: [203.0.113.0/24, 2001:db8:ffff:1::/64]|' "$d/gatehouse.yaml"
        sed -i 's/^  failure-delay: 200ms$/  failure-delay: 200ms\n  uniqueness: never/' "$d/gatehouse.yaml"
        # SAs kept up by a bench that has exited stay until the benchmark
        # ends (strongSwan's default has no DPD either).
        printf 'lifetimes:\n  dpd: off\n' >> "$d/gatehouse.yaml"
    fi
}

# The authentication (and accounting) part of gatehouse.yaml: local users
# and machine certificates, or for the radius profiles EAP relayed to
# FreeRADIUS (RFC 3579) with accounting (RFC 2866) to the same host.
authentication_section() {  # profile
    local d=$STATE/gw
    case $1 in
        radius|radius-failover|radius-latency|radius-dpd) ;;
        ldap) ldap_authentication_section; return ;;
        ad|ad-starttls) ad_authentication_section "$1"; return ;;
        *)
            cat <<EOF
authentication:
  secrets: secrets.yaml
  failure-delay: 200ms
  certificates:
    authorities: [$STATE/pki/clients/ca.pem]
    crls: [$STATE/pki/clients/crl.pem]
    rules:
      - subject: "CN=laptop1.*"
        pool: machines
      - subject: "*"
EOF
            return ;;
    esac
    # The shared secret in a file of its own, without a newline.
    ( umask 077; printf '%s' "$RADIUS_SECRET" > "$d/radius-secret" )
    local servers accounting timeout=1s attempts=3
    case $1 in
        radius|radius-dpd)
            servers="      - {address: $RADIUS_SERVER, port: 1812, secret-file: radius-secret, priority: 1}"
            accounting="    - {address: $RADIUS_SERVER, port: 1813, secret-file: radius-secret}" ;;
        # The first server never answers (the LAN host drops its packets), so
        # requests fail over to the second until the first is marked dead.
        # 500 ms x 2 sends (1.5 s with backoff) keeps that first failover
        # inside the client's 2 s IKE retransmission timeout.
        radius-failover)
            timeout=500ms; attempts=2
            servers="      - {address: $RADIUS_DEAD, port: 1812, secret-file: radius-secret, priority: 1}
      - {address: $RADIUS_SERVER, port: 1812, secret-file: radius-secret, priority: 2}"
            accounting="    - {address: $RADIUS_DEAD, port: 1813, secret-file: radius-secret, priority: 1}
    - {address: $RADIUS_SERVER, port: 1813, secret-file: radius-secret, priority: 2}" ;;
        # Through the delaying proxy on the LAN host (radius delay MS).
        radius-latency)
            servers="      - {address: $RADIUS_PROXY, port: 1812, secret-file: radius-secret, priority: 1}"
            accounting="    - {address: $RADIUS_PROXY, port: 1813, secret-file: radius-secret}" ;;
    esac
    cat <<EOF
authentication:
  failure-delay: 200ms
  radius:
    servers:
$servers
    timeout: $timeout
    attempts: $attempts
    dead-time: 30s
    nas-identifier: gatehouse-interop
    filter-ids:
      contractors: {pool: machines, allowed: [203.0.113.0/25]}
accounting:
  servers:
$accounting
  interim-interval: 10s
  spool: accounting.sqlite
EOF
}

# The ldap profile: EAP-MSCHAPv2 checked against slapd's sambaNTPassword
# (read by the service account over StartTLS, the lab CA verified), only
# members of vpnusers, members of contractors (leo) in pool machines with
# 203.0.113.0/25; the secrets file answers only while slapd is unreachable,
# which is skipped for 5 s after each failure (breaker).
ldap_authentication_section() {
    local d=$STATE/gw
    ( umask 077; printf '%s\n' "$LDAP_SVC_PW" > "$d/ldap-password" )
    cat <<EOF
authentication:
  secrets: secrets.yaml
  failure-delay: 200ms
  chain: [directory, secrets]
  eap-methods: [mschapv2, gtc]
  directory:
    uri: ldap://$LDAP_SERVER
    start-tls: true
    ca-certificate: $STATE/ldap/tls/ca.pem
    connect-timeout: 1s
    timeout: 2s
    base-dn: $LDAP_BASE
    bind-dn: $LDAP_SVC_DN
    bind-password-file: ldap-password
    user-filter: "(uid={user})"
    required-group: cn=vpnusers,ou=groups,$LDAP_BASE
    group-membership: member-of
    groups:
      - {dn: "cn=contractors,ou=groups,$LDAP_BASE", pool: machines, allowed: [203.0.113.0/25]}
    breaker: 5s
EOF
}

# The ad profiles: users of the Samba AD DC (harness.sh ad), MS-CHAPv2
# checked by the DC through the ntlm_auth helpers of the gateway's winbind
# membership, GTC by a bind; the service account reads the account state,
# nested membership of VPN-Users, msNPAllowDialin and
# msRADIUSFramedIPAddress over LDAPS (ad) or StartTLS (ad-starttls), the
# harness's CA verified. No secrets file: the directory alone.
ad_authentication_section() {  # profile
    local d=$STATE/gw uri="ldaps://$AD_DC_IP"
    [[ $1 == ad-starttls ]] && uri="ldap://$AD_DC_IP"
    ( umask 077; printf '%s\n' Svc-Vpn-Pass1 > "$d/ad-password" )
    cat <<EOF
authentication:
  failure-delay: 200ms
  eap-methods: [mschapv2, gtc]
  directory:
    uri: $uri
    start-tls: true
    ca-certificate: $STATE/ad/ca.pem
    connect-timeout: 1s
    timeout: 3s
    base-dn: $AD_BASE_DN
    bind-dn: svc-vpn@$AD_DNS_DOMAIN
    bind-password-file: ad-password
    user-filter: "(sAMAccountName={user})"
    required-group: CN=VPN-Users,CN=Users,$AD_BASE_DN
    group-membership: nested-member-of
    ntlm-auth:
      domain: $AD_DOMAIN
      command: [/usr/bin/ntlm_auth, --configfile=$AD_GWDIR/etc/smb.conf, --helper-protocol=ntlm-server-1, --allow-mschapv2]
EOF
}

gateway_pid() { [[ -s $STATE/gw/gatehouse.pid ]] && cat "$STATE/gw/gatehouse.pid"; }

gateway_start() {
    local d=$STATE/gw
    gateway_config "$1"
    # FreeRADIUS first: the gateway sends Accounting-On as it starts.
    case $1 in
        radius|radius-failover|radius-dpd) radius_start ;;
        radius-latency) radius_start; proxy_pid >/dev/null || proxy_start "${GATEHOUSE_RADIUS_DELAY_MS:-50}" ;;
        # slapd first: check-config reads its CA.
        ldap) ldap_start ;;
        # The DC and the gateway's membership first: the CA, and the
        # /run/samba the gateway must see when it starts.
        ad|ad-starttls) ad_start ;;
    esac
    "$GATEHOUSE" check-config "$d/gatehouse.yaml" >/dev/null
    : >> "$d/gatehouse.log"
    # With the AD member's winbindd running, the gateway sees its run folder
    # on /run/samba (and the DC's DNS), so the ntlm_auth it spawns works.
    local wrap=()
    if ad_member_running; then ad_gw_prefix; wrap=("${AGP[@]:4}"); fi
    setsid ip netns exec $NS_GW "${wrap[@]}" "$GATEHOUSE" run --config "$d/gatehouse.yaml" --threads 2 \
        >>"$d/gatehouse.log" 2>&1 </dev/null &
    echo $! > "$d/gatehouse.pid"
    for _ in $(seq 1 100); do
        [[ -S $d/control.sock ]] && "$GATEHOUSE" status --socket "$d/control.sock" >/dev/null 2>&1 && return 0
        kill -0 "$(gateway_pid)" 2>/dev/null || break
        sleep 0.1
    done
    tail -20 "$d/gatehouse.log" >&2
    die "gatehouse did not start"
}

# A crash: SIGKILL, nothing cleaned up (the accounting spool stays as it is).
gateway_kill() {
    local pid
    pid=$(gateway_pid) && kill -0 "$pid" 2>/dev/null || die "no gateway runs"
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--config $STATE/gw/gatehouse.yaml" || die "pid $pid is not this lab's gateway"
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

gateway_stop() {
    local pid
    # Ours if it runs this lab's configuration, whichever build it is.
    if pid=$(gateway_pid) && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -- "--config $STATE/gw/gatehouse.yaml"; then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$STATE/gw/gatehouse.pid" "$STATE/gw/control.sock"
}

# ---------------------------------------------------------------- FreeRADIUS (LAN host)
# Debian's FreeRADIUS 3.2 from its own configuration folder under
# $STATE/radius (never the system's configuration or service), in the LAN
# namespace on $RADIUS_SERVER, auth 1812 / acct 1813: Tests/Interop/freeradius
# over a copy of /etc/freeradius/3.0. Accounting lands in
# $STATE/radius/radacct/detail, one line per auth in $STATE/radius/log/radius.log.
radius_fill() {  # template, output
    sed -e "s|@SECRET@|$RADIUS_SECRET|g" -e "s|@SERVER@|$RADIUS_SERVER|g" -e "s|@PROXY@|$RADIUS_PROXY|g" \
        -e "s|@GATEWAY@|203.0.113.1|g" -e "s|@AUTH_PORT@|1812|g" -e "s|@ACCT_PORT@|1813|g" "$1" > "$2"
    if grep -n '@[A-Z_]*@' "$2" >&2; then die "unfilled placeholder in $2"; fi
}

# Rebuilds raddb/ (keeps the detail file and the log).
radius_setup() {
    local r=$STATE/radius rd=$STATE/radius/raddb
    command -v freeradius >/dev/null || die "FreeRADIUS is not installed (scripts/install-deps)"
    rm -rf "$rd"
    mkdir -p "$r/log" "$r/radacct" "$r/run"
    cp -a /etc/freeradius/3.0 "$rd"
    chown -R root:root "$rd"
    rm -f "$rd"/sites-enabled/* "$rd/mods-enabled/eap"
    # Our paths; runs as root from here (no switch to freerad, who cannot
    # read $STATE); reject_delay 0 for the negative tests; max_requests
    # 65536, as requests stay tracked for cleanup_delay (5 s) after the reply
    # and the stock 16384 caps load at ~1100 EAP-MSCHAPv2 auths/s; a log line
    # per auth ("Login OK" / "Login incorrect").
    sed -i \
        -e 's|^max_requests = .*|max_requests = 65536|' \
        -e "s|^raddbdir = .*|raddbdir = $rd|" \
        -e "s|^logdir = .*|logdir = $r/log|" \
        -e "s|^radacctdir = .*|radacctdir = $r/radacct|" \
        -e "s|^run_dir = .*|run_dir = $r/run|" \
        -e 's|^\(\s*\)user = freerad|\1#user = freerad|' \
        -e 's|^\(\s*\)group = freerad|\1#group = freerad|' \
        -e 's|^\(\s*\)reject_delay = .*|\1reject_delay = 0|' \
        -e 's|^\(\s*\)colourise = yes|\1colourise = no|' \
        -e 's|^\(\s*\)auth = no|\1auth = yes|' \
        "$rd/radiusd.conf"
    grep -q '^max_requests = 65536' "$rd/radiusd.conf" || die "radiusd.conf: max_requests not set"
    radius_fill "$HERE/freeradius/clients.conf" "$rd/clients.conf"
    radius_fill "$HERE/freeradius/mod-eap" "$rd/mods-enabled/eap"
    radius_fill "$HERE/freeradius/mod-interop_acct" "$rd/mods-enabled/interop_acct"
    radius_fill "$HERE/freeradius/site-interop" "$rd/sites-enabled/interop"
    cp "$HERE/freeradius/users" "$rd/mods-config/files/authorize"
    freeradius -C -d "$rd" >"$r/log/config-check.log" 2>&1 \
        || { tail -20 "$r/log/config-check.log" >&2; die "FreeRADIUS configuration check failed"; }
}

# The pid from our pid file, if that process runs our configuration.
radius_pid() {
    local pid
    [[ -s $STATE/radius/run/freeradius.pid ]] || return 1
    pid=$(cat "$STATE/radius/run/freeradius.pid")
    [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$STATE/radius/raddb" || return 1
    echo "$pid"
}

# A Status-Server (RFC 5997) from the gateway's namespace gets an answer.
radius_answers() {
    echo "Message-Authenticator = 0x00" \
        | ip netns exec $NS_GW radclient -q -r 1 -t 1 "$RADIUS_SERVER:1812" status "$RADIUS_SECRET" >/dev/null 2>&1
}

radius_start() {
    [[ -e /run/netns/$NS_LAN ]] || die "the lab is not up (harness.sh up)"
    radius_pid >/dev/null && return 0
    radius_setup
    rm -f "$STATE/radius/run/freeradius.pid"
    if [[ ${RADIUS_DEBUG:-0} == 1 ]]; then
        # Multi-threaded debug output in log/radiusd-debug.log.
        setsid ip netns exec $NS_LAN freeradius -d "$STATE/radius/raddb" -fxx -l stdout \
            </dev/null >>"$STATE/radius/log/radiusd-debug.log" 2>&1 &
        echo $! > "$STATE/radius/run/freeradius.pid"
    else
        ip netns exec $NS_LAN freeradius -d "$STATE/radius/raddb"   # daemonizes, writes its pid file
    fi
    for _ in $(seq 1 100); do radius_answers && return 0; sleep 0.1; done
    tail -20 "$STATE/radius/log/radius.log" >&2 2>/dev/null || true
    die "FreeRADIUS did not start"
}

radius_stop() {
    local pid
    if pid=$(radius_pid); then
        kill -TERM "$pid"
        for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$STATE/radius/run/freeradius.pid"
}

radius_status() {
    local pid
    if pid=$(radius_pid) && radius_answers; then
        echo "freeradius: running (pid $pid), answering on $RADIUS_SERVER:1812/1813"
    elif pid=$(radius_pid); then
        echo "freeradius: running (pid $pid), not answering"; return 3
    else
        echo "freeradius: stopped"; return 3
    fi
}

# EAP-MSCHAPv2 with eapol_test from the gateway's namespace, as the gateway
# would relay it; exit status 0 on Access-Accept with matching MPPE keys.
radius_eap() {  # user, password, [server]
    local conf=$STATE/radius/eapol-$1.conf output
    printf 'network={\n\tkey_mgmt=IEEE8021X\n\teapol_flags=0\n\teap=MSCHAPV2\n\tidentity="%s"\n\tpassword="%s"\n}\n' "$1" "$2" > "$conf"
    output=$(ip netns exec $NS_GW eapol_test -c "$conf" -a "${3:-$RADIUS_SERVER}" -p 1812 -s "$RADIUS_SECRET" -A 203.0.113.1 -t 10 -N 32:s:gatehouse-interop 2>&1) || true
    printf '%s\n' "$output" | grep -E 'RADIUS message|Attribute|Value:|MPPE keys|^SUCCESS|^FAILURE|EAP-Message|CTRL-EVENT-EAP-(SUCCESS|FAILURE)' || true
    grep -q '^SUCCESS' <<<"$output" && grep -q 'MPPE keys OK: 1  mismatch: 0' <<<"$output"
}

# The delaying proxy (Benchmarks/radius-latency) on the LAN host's
# $RADIUS_PROXY, forwarding 1812 and 1813 to FreeRADIUS.
proxy_pid() {
    local pid
    [[ -s $STATE/radius/run/proxy.pid ]] || return 1
    pid=$(cat "$STATE/radius/run/proxy.pid")
    kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q radius_delay_proxy.py || return 1
    echo "$pid"
}

proxy_stop() {
    local pid
    if pid=$(proxy_pid); then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$STATE/radius/run/proxy.pid"
}

proxy_start() {  # delay in ms (each way)
    proxy_stop
    mkdir -p "$STATE/radius/run" "$STATE/radius/log"
    setsid ip netns exec $NS_LAN python3 "$ROOT/Benchmarks/radius-latency/radius_delay_proxy.py" \
        --listen "$RADIUS_PROXY" --upstream "$RADIUS_SERVER" --ports 1812,1813 --delay-ms "$1" \
        </dev/null >>"$STATE/radius/log/proxy.log" 2>&1 &
    echo $! > "$STATE/radius/run/proxy.pid"
    for _ in $(seq 1 50); do
        ip netns exec $NS_LAN ss -lun | grep -q "$RADIUS_PROXY:1813 " && return 0
        sleep 0.1
    done
    die "the delaying proxy did not start (see $STATE/radius/log/proxy.log)"
}

radius_command() {
    case ${1:-} in
        start) radius_start ;;
        stop) radius_stop ;;
        status) radius_status ;;
        detail) [[ -s $STATE/radius/radacct/detail ]] && cat "$STATE/radius/radacct/detail"; return 0 ;;
        log) tail -n "${2:-40}" "$STATE/radius/log/radius.log" ;;
        eap) radius_eap "${2:?user}" "${3:?password}" "${4:-}" ;;
        delay) if [[ ${2:?milliseconds or off} == off ]]; then proxy_stop; else proxy_start "$2"; fi ;;
        *) die "usage: radius start|stop|status|detail|log [N]|eap USER PASSWORD [SERVER]|delay MS|off" ;;
    esac
}

# ---------------------------------------------------------------- slapd (LAN host)
# Debian's slapd 2.5 from its own configuration under $STATE/ldap (never the
# system's slapd configuration or service), in the LAN namespace on
# $LDAP_SERVER: ldap:// on 389 (StartTLS available) and ldaps:// on 636, with
# a lab CA in $STATE/ldap/tls. Tests/Interop/ldap has the templates and the
# README. Adapted from the verified AAA lab (../shared/lab/aaa: setup.sh, aaa.sh).
ldap_fill() {  # template, output, NAME=value...
    local in=$1 out=$2 kv k v
    local args=()
    shift 2
    for kv in "$@"; do
        k=${kv%%=*}; v=${kv#*=}; v=${v//\\/\\\\}; v=${v//|/\\|}; v=${v//&/\\&}
        args+=(-e "s|@$k@|$v|g")
    done
    sed "${args[@]}" "$in" > "$out"
    if grep -n '@[A-Z_]*@' "$out" >&2; then die "unfilled placeholder in $out"; fi
}

ldap_ssha() { slappasswd -h '{SSHA}' -s "$1"; }

# Upper-case hex MD4 of the UTF-16LE password (sambaNTPassword).
ldap_nt_hash() {
    local hash
    hash=$(printf '%s' "$1" | iconv -t UTF-16LE | openssl dgst -md4 -provider legacy -provider default | awk '{print toupper($NF)}')
    [[ $hash =~ ^[0-9A-F]{32}$ ]] || die "cannot compute an NT hash (OpenSSL's legacy provider for MD4?)"
    echo "$hash"
}

# samba.schema from Debian's samba package (installed, or only downloaded and
# unpacked, never installed), kept in $STATE/samba-schema across labs; else
# the subset in Tests/Interop/ldap. GATEHOUSE_LDAP_SCHEMA=min forces the subset.
ldap_samba_schema() {  # destination
    local cache=$STATE/samba-schema/samba.schema packaged=/usr/share/doc/samba/examples/LDAP/samba.schema tmp
    if [[ ${GATEHOUSE_LDAP_SCHEMA:-auto} == min ]]; then
        cp "$HERE/ldap/samba-min.schema" "$1"; log "ldap: samba-min.schema (GATEHOUSE_LDAP_SCHEMA=min)"; return
    fi
    if [[ ! -s $cache ]]; then
        mkdir -p "$STATE/samba-schema"
        if [[ -r $packaged ]]; then
            cp "$packaged" "$cache"
        elif tmp=$(mktemp -d /tmp/gatehouse-samba-deb.XXXXXX) && (cd "$tmp" && timeout 60 apt-get download samba >/dev/null 2>&1) \
            && dpkg-deb -x "$tmp"/samba_*.deb "$tmp/x" && [[ -r $tmp/x$packaged ]]; then
            cp "$tmp/x$packaged" "$cache"
        fi
        [[ -n ${tmp:-} ]] && rm -rf "$tmp"
    fi
    if [[ -s $cache ]]; then
        cp "$cache" "$1"; log "ldap: samba.schema from Debian's samba package"
    else
        cp "$HERE/ldap/samba-min.schema" "$1"; log "ldap: samba package not available, using samba-min.schema"
    fi
}

# The lab CA and the server certificate; kept while $STATE/ldap is (a
# restarted slapd keeps its CA, so clients that loaded it still verify).
ldap_tls() {
    local t=$STATE/ldap/tls
    [[ -s $t/server.pem && -s $t/ca.pem ]] && return 0
    mkdir -p "$t"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/ca.key" -out "$t/ca.pem" -days 3650 \
        -subj "/CN=Gatehouse Interop LDAP CA" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -keyout "$t/server.key" -out "$t/server.csr" -subj "/CN=$LDAP_NAME" 2>/dev/null
    printf 'subjectAltName=IP:%s,DNS:%s\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\n' \
        "$LDAP_SERVER" "$LDAP_NAME" > "$t/server.ext"
    openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
        -out "$t/server.pem" -days 3650 -extfile "$t/server.ext" 2>/dev/null
    chmod 600 "$t/ca.key" "$t/server.key"
}

# Configuration and database, built once per $STATE/ldap (a stop and start
# keeps both; `harness.sh up` starts from nothing).
ldap_setup() {
    local l=$STATE/ldap
    for bin in slapd slapadd slaptest slappasswd ldapsearch iconv; do
        command -v "$bin" >/dev/null || die "$bin is missing: slapd and ldap-utils (scripts/install-deps)"
    done
    [[ -s $l/slapd.conf && -s $l/db/data.mdb ]] && return 0
    ldap_pid >/dev/null && die "slapd runs but its configuration is gone; harness.sh ldap stop first"
    rm -rf "$l/db" "$l/schema" "$l/slapd.conf" "$l/base.ldif"
    mkdir -p "$l/db" "$l/schema" "$l/run" "$l/log"
    ldap_tls
    ldap_samba_schema "$l/schema/samba.schema"
    ldap_fill "$HERE/ldap/slapd.conf.in" "$l/slapd.conf" DIR="$l" BASE="$LDAP_BASE" \
        ADMIN_DN="$LDAP_ADMIN_DN" ADMIN_SSHA="$(ldap_ssha "$LDAP_ADMIN_PW")" SVC_DN="$LDAP_SVC_DN"
    ( umask 077
      ldap_fill "$HERE/ldap/base.ldif.in" "$l/base.ldif" BASE="$LDAP_BASE" SVC_DN="$LDAP_SVC_DN" \
        SVC_SSHA="$(ldap_ssha "$LDAP_SVC_PW")" \
        LARA_SSHA="$(ldap_ssha lara-pw)" LARA_NT="$(ldap_nt_hash lara-pw)" \
        LEO_SSHA="$(ldap_ssha leo-pw)" LEO_NT="$(ldap_nt_hash leo-pw)" \
        LUCY_SSHA="$(ldap_ssha lucy-pw)" LUCY_NT="$(ldap_nt_hash lucy-pw)" )
    slaptest -u -f "$l/slapd.conf" >"$l/log/slaptest.log" 2>&1 \
        || { cat "$l/log/slaptest.log" >&2; die "slapd.conf is invalid"; }
    slapadd -q -f "$l/slapd.conf" -l "$l/base.ldif" >"$l/log/slapadd.log" 2>&1 \
        || { cat "$l/log/slapadd.log" >&2; rm -f "$l/db/data.mdb"; die "slapadd failed"; }
}

# The pids of slapd processes running our configuration: the one in the pid
# file if it is ours, else any found by its exact command line (a deleted or
# stale pid file must not leave a slapd behind).
ldap_pids() {
    local conf=$STATE/ldap/slapd.conf pid p found=()
    if [[ -s $STATE/ldap/run/slapd.pid ]]; then
        pid=$(cat "$STATE/ldap/run/slapd.pid")
        if [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-f $conf "; then
            found+=("$pid")
        fi
    fi
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        [[ $(readlink "/proc/$p/exe" 2>/dev/null) == */slapd ]] || continue
        tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -qF -- "-f $conf " || continue
        [[ " ${found[*]} " == *" $p "* ]] || found+=("$p")
    done
    [[ ${#found[@]} -gt 0 ]] || return 1
    echo "${found[@]}"
}
ldap_pid() { local pids; pids=$(ldap_pids) || return 1; echo "${pids%% *}"; }

# The root DSE over StartTLS with the lab CA, from the gateway's namespace.
ldap_answers() {
    ip netns exec $NS_GW env LDAPTLS_CACERT="$STATE/ldap/tls/ca.pem" LDAPTLS_REQCERT=demand \
        timeout 5 ldapsearch -x -ZZ -H "ldap://$LDAP_SERVER" -b "" -s base -LLL namingContexts >/dev/null 2>&1
}

ldap_start() {
    [[ -e /run/netns/$NS_LAN ]] || die "the lab is not up (harness.sh up)"
    ldap_pid >/dev/null && return 0
    ldap_setup
    rm -f "$STATE/ldap/run/slapd.pid"
    # -d stats keeps slapd in the foreground, the only way its log goes to a
    # file; it still writes its pid file. Runs as root (no -u): it reads $STATE.
    setsid ip netns exec $NS_LAN slapd -f "$STATE/ldap/slapd.conf" -d stats \
        -h "ldap://$LDAP_SERVER:389/ ldaps://$LDAP_SERVER:636/" \
        </dev/null >>"$STATE/ldap/log/slapd.log" 2>&1 &
    for _ in $(seq 1 100); do
        [[ -s $STATE/ldap/run/slapd.pid ]] && ldap_answers && return 0
        sleep 0.1
    done
    tail -20 "$STATE/ldap/log/slapd.log" >&2 2>/dev/null || true
    ldap_stop
    die "slapd did not start"
}

# TERM, up to 10 s, then KILL; every slapd with our configuration.
ldap_stop() {
    local pids pid alive
    if pids=$(ldap_pids); then
        kill -TERM $pids 2>/dev/null || true
        for _ in $(seq 1 100); do
            alive=0
            for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
            [[ $alive == 0 ]] && break
            sleep 0.1
        done
        for pid in $pids; do
            if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; log "slapd (pid $pid) did not stop on TERM: killed"; fi
        done
        for _ in $(seq 1 50); do ldap_pids >/dev/null || break; sleep 0.1; done
    fi
    rm -f "$STATE/ldap/run/slapd.pid" "$STATE/ldap/run/slapd.args"
}

ldap_status() {
    local pid
    if pid=$(ldap_pid) && ldap_answers; then
        echo "slapd: running (pid $pid), answering on ldap://$LDAP_SERVER:389 (StartTLS) and ldaps://$LDAP_SERVER:636"
    elif pid=$(ldap_pid); then
        echo "slapd: running (pid $pid), not answering"; return 3
    else
        echo "slapd: stopped"; return 3
    fi
}

# ldapsearch as the service account over StartTLS with the lab CA, from the
# gateway's namespace, under the base; ARGS are a filter and attributes (and
# any ldapsearch options before them).
ldap_search() {
    ip netns exec $NS_GW env LDAPTLS_CACERT="$STATE/ldap/tls/ca.pem" LDAPTLS_REQCERT=demand \
        ldapsearch -x -ZZ -LLL -o ldif-wrap=no -H "ldap://$LDAP_SERVER" -D "$LDAP_SVC_DN" -w "$LDAP_SVC_PW" -b "$LDAP_BASE" "$@"
}

ldap_command() {
    case ${1:-} in
        start) ldap_start ;;
        stop) ldap_stop ;;
        status) ldap_status ;;
        search) shift; ldap_search "$@" ;;
        log) tail -n "${2:-40}" "$STATE/ldap/log/slapd.log" ;;
        *) die "usage: ldap start|stop|status|search [ARGS...]|log [N]" ;;
    esac
}

# ---------------------------------------------------------------- charon (gateway, for comparison)
# strongSwan as the gateway, configured like Gatehouse's default profile:
# the same certificate, user, pool, split tunnel and proposals, with
# kernel-libipsec (this kernel has no ESP), so the benchmarks compare the
# two userspace data planes under the same client.
swan_gateway_start() {  # profile: strongswan, strongswan-radius or strongswan-radius-latency
    local d=$STATE/swgw eap=eap-mschapv2 radius=''
    # EAP relayed to the lab's FreeRADIUS (directly, or through the delaying
    # proxy), with accounting, as Gatehouse's radius profiles have it.
    case $1 in
        strongswan) ;;
        strongswan-radius|strongswan-radius-latency)
            local server=$RADIUS_SERVER
            radius_start
            if [[ $1 == strongswan-radius-latency ]]; then
                server=$RADIUS_PROXY
                proxy_pid >/dev/null || proxy_start "${GATEHOUSE_RADIUS_DELAY_MS:-50}"
            fi
            eap=eap-radius
            # sockets: strongSwan's default of 1 lets one request be
            # outstanding at a time, which a loaded gateway must not have.
            radius="eap-radius { accounting = yes
            servers { lab { address = $server
                secret = $RADIUS_SECRET
                sockets = 32 } } }" ;;
        *) die "unknown strongSwan profile $1" ;;
    esac
    rm -rf "$d"
    mkdir -p "$d/run" "$d/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
    cp "$STATE/pki/gateway.pem" "$d/swanctl/x509/gateway.pem"
    cp "$STATE/pki/gateway.key" "$d/swanctl/private/gateway.key"
    # The CA of the machine certificates, as Gatehouse's default profile has it.
    cp "$STATE/pki/clients/ca.pem" "$d/swanctl/x509ca/machines-ca.pem"
    cat > "$d/strongswan.conf" <<EOF
charon {
    load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey kdf kernel-libipsec kernel-netlink socket-default vici attr eap-identity eap-mschapv2 eap-radius
    # One load source: no DoS protection, a large IKE_SA table.
    dos_protection = no
    ikesa_table_size = 4096
    plugins {
        vici { socket = unix://$d/charon.vici }
        openssl { load_legacy = yes }
        $radius
    }
    filelog { gw { path = $d/charon.log
        time_format = %H:%M:%S
        default = 1 } }
    syslog { daemon { default = -1 } }
}
swanctl { socket = unix://$d/charon.vici }
EOF
    # The same pools and subnets as Gatehouse's, bench mode's included.
    local pool=198.18.0.0/24 pool6='' pools=pool local_ts=203.0.113.0/24
    if [[ -n ${GATEHOUSE_BENCH:-} ]]; then
        pool=198.19.0.0/16 pool6='pool6 { addrs = 2001:db8:1::/104 }' pools=pool,pool6 local_ts=203.0.113.0/24,2001:db8:ffff:1::/64
    fi
    cat > "$d/swanctl/swanctl.conf" <<EOF
connections {
    rw-eap {
        version = 2
        pools = $pools${GATEHOUSE_BENCH:+
        # The bench connects the same users many times and keeps them up
        # (INITIAL_CONTACT would otherwise close the older SAs).
        unique = never}
        fragmentation = yes
        proposals = aes256gcm16-prfsha384-curve25519-ecp256-modp2048, aes256-sha1-modp1024, 3des-sha1-modp1024
        local { auth = pubkey
            certs = gateway.pem
            id = gw.example.com }
        remote { auth = $eap
            eap_id = %any }
        children { net { local_ts = $local_ts
            esp_proposals = aes256gcm16, aes256-sha1, 3des-sha1 } }
    }
    # Machine certificates (the bench's certificate scenario).
    rw-cert {
        version = 2
        pools = $pools${GATEHOUSE_BENCH:+
        unique = never}
        proposals = aes256gcm16-prfsha384-curve25519-ecp256-modp2048, aes256-sha1-modp1024, 3des-sha1-modp1024
        local { auth = pubkey
            certs = gateway.pem
            id = gw.example.com }
        remote { auth = pubkey
            cacerts = machines-ca.pem }
        children { net { local_ts = $local_ts
            esp_proposals = aes256gcm16, aes256-sha1, 3des-sha1 } }
    }
}
pools { pool { addrs = $pool } $pool6 }
secrets {
    eap-alice { id = alice
        secret = alice-pw }
EOF
    # The benchmark's users (gatehouse bench: user0 … user9), as the
    # Gatehouse gateway has them.
    for i in $(seq 0 9); do printf '    eap-user%d { id = user%d\n        secret = user%d-pw }\n' "$i" "$i" "$i"; done \
        >> "$d/swanctl/swanctl.conf"
    echo "}" >> "$d/swanctl/swanctl.conf"
    ip netns exec $NS_GW sysctl -qw net.ipv4.ip_forward=1
    STRONGSWAN_CONF=$d/strongswan.conf setsid ip netns exec $NS_GW unshare --mount --propagation private \
        sh -c 'mount --bind "$1" /run && exec "$2"' sh "$d/run" "$CHARON" >"$d/charon.out" 2>&1 </dev/null &
    for _ in $(seq 1 100); do [[ -S $d/charon.vici ]] && break; sleep 0.1; done
    [[ -S $d/charon.vici ]] || { tail -20 "$d/charon.out" >&2; die "gateway charon did not start"; }
    STRONGSWAN_CONF=$d/strongswan.conf SWANCTL_DIR=$d/swanctl swanctl --load-all --noprompt >/dev/null
}

swan_gateway_stop() {
    local pid
    if [[ -s $STATE/swgw/run/charon.pid ]] && pid=$(cat "$STATE/swgw/run/charon.pid") && kill -0 "$pid" 2>/dev/null \
        && [[ $(readlink "/proc/$pid/exe") == "$CHARON" ]]; then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$STATE/swgw/run/charon.pid"
}

# The pid of whichever gateway runs, for CPU accounting.
any_gateway_pid() {
    if [[ -s $STATE/swgw/run/charon.pid ]] && kill -0 "$(cat "$STATE/swgw/run/charon.pid")" 2>/dev/null; then
        cat "$STATE/swgw/run/charon.pid"
    else
        gateway_pid
    fi
}

# ---------------------------------------------------------------- charon (client)
client_config() {
    local d=$STATE/cli
    mkdir -p "$d/run" "$d/swanctl"/{x509,x509ca,x509ocsp,x509aa,x509ac,x509crl,pubkey,private,rsa,ecdsa,bliss,pkcs8,pkcs12}
    cp "$STATE/pki/ca.pem" "$d/swanctl/x509ca/ca.pem"
    cp "$STATE/pki/big/root.pem" "$d/swanctl/x509ca/big-root.pem"
    cp "$STATE/pki/clients/laptop1.pem" "$STATE/pki/clients/laptop2.pem" "$STATE/pki/other/laptop3.pem" "$d/swanctl/x509/"
    cp "$STATE/pki/clients/laptop1.key" "$STATE/pki/clients/laptop2.key" "$STATE/pki/other/laptop3.key" "$d/swanctl/private/"
    # Plugin order matters: kernel-libipsec before kernel-netlink (this kernel
    # has no ESP); eap-mschapv2 needs OpenSSL's legacy provider for MD4/DES.
    cat > "$d/strongswan.conf" <<EOF
charon {
    load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey kdf kernel-libipsec kernel-netlink socket-default vici attr eap-identity eap-mschapv2 eap-gtc
    retransmit_tries = 2
    retransmit_timeout = 2
    plugins {
        vici { socket = unix://$d/charon.vici }
        openssl { load_legacy = yes }
    }
    filelog {
        cli {
            path = $d/charon.log
            time_format = %H:%M:%S
            ike_name = yes
            append = yes
            flush_line = yes
            default = 1
            ike = 2
            enc = 1
        }
    }
    syslog { daemon { default = -1 } }
}
swanctl { socket = unix://$d/charon.vici }
EOF
    {
        cat <<EOF
secrets {
    eap-alice { id = alice
        secret = alice-pw }
    eap-bob { id = bob
        secret = bob-pw }
    eap-carol { id = carol
        secret = not-carols-password }
    eap-corp { id = "CORP\\\\alice"
        secret = alice-pw }
    eap-dave { id = dave
        secret = dave-pw }
EOF
        for i in $(seq 0 9); do printf '    eap-user%d { id = user%d\n        secret = user%d-pw }\n' "$i" "$i" "$i"; done
        # Users of FreeRADIUS's users file (Tests/Interop/freeradius/users);
        # nobody is not in it.
        for user in ralph rita sam fred filtered nobody; do
            printf '    eap-%s { id = %s\n        secret = %s-pw }\n' "$user" "$user" "$user"
        done
        # Users of the lab's slapd (Tests/Interop/ldap/base.ldif.in); lucy
        # is not in vpnusers. LAB\lara and LAB\alice are lara and alice at
        # the gateway (strip-domain), with wrong passwords; the last user
        # name is an LDAP filter injection.
        for user in lara leo lucy; do
            printf '    eap-%s { id = %s\n        secret = %s-pw }\n' "$user" "$user" "$user"
        done
        cat <<EOF
    eap-lab-lara { id = "LAB\\\\lara"
        secret = not-laras-password }
    eap-lab-alice { id = "LAB\\\\alice"
        secret = not-alices-password }
    eap-injection { id = "*)(uid=*"
        secret = injection-pw }
EOF
        for pair in $AD_USERS erin:Erin-Pass1; do
            printf '    eap-ad-%s { id = %s@%s\n        secret = %s }\n' "${pair%%:*}" "${pair%%:*}" "$AD_DNS_DOMAIN" "${pair#*:}"
        done
        cat <<EOF
}
connections {
EOF
        eap_conn eap alice
        eap_conn bob bob
        eap_conn corp '"CORP\\alice"'
        eap_conn wrong-password carol
        eap_conn dave dave
        eap_conn win7-aes alice aes256-sha1-modp1024 aes256-sha1
        eap_conn win7-3des alice 3des-sha1-modp1024 3des-sha1
        eap_conn modp2048-first alice aes128-sha256-modp2048-curve25519 aes128-sha256
        # Short lifetimes on the client's side: CHILD_SA rekeys every 20 s,
        # IKE SA rekeys every 50 s (strongSwan's life time is 110 % of it).
        conn rekey "auth = eap-mschapv2
            eap_id = alice" "" "" "rekey_time = 50s" "rekey_time = 20s"
        for i in $(seq 0 9); do eap_conn "user$i" "user$i"; done
        # For the radius profiles (wrong-password above is carol, whom
        # FreeRADIUS knows with carol-pw, too).
        for user in ralph rita sam fred filtered; do eap_conn "$user" "$user"; done
        eap_conn unknown-user nobody
        # For the ldap profile.
        for user in lara leo lucy; do eap_conn "$user" "$user"; done
        eap_conn lara-wrong-password '"LAB\\lara"'
        eap_conn alice-wrong-password '"LAB\\alice"'
        eap_conn ldap-injection '"*)(uid=*"'
        # EAP-GTC (the client Naks MS-CHAPv2 and sends its password, which
        # the gateway checks with a bind as the user).
        gtc_conn gtc-lara lara
        gtc_conn gtc-lucy lucy
        gtc_conn gtc-wrong-password '"LAB\\lara"'
        gtc_conn gtc-alice alice
        # For the ad profiles (users of Tests/Interop/ad).
        # For the ad profiles: AD users by their UPN (the gateway strips the
        # realm), as their names alone are the secrets file's users above;
        # corp (CORP\alice with alice-pw) is alice with a wrong password.
        for user in alice bob carol dave erin frank; do eap_conn "ad-$user" "$user@$AD_DNS_DOMAIN"; done
        gtc_conn ad-gtc-frank "frank@$AD_DNS_DOMAIN"
        # Machine certificates: IDi is the subject DN (as Windows sends it),
        # or the SAN's DNS name.
        certificate_conn cert laptop1.pem
        certificate_conn cert-fqdn laptop1.pem laptop1.example.com
        certificate_conn cert-revoked laptop2.pem
        certificate_conn cert-other-ca laptop3.pem
        echo "}"
    } > "$d/swanctl/swanctl.conf"
}

conn() {  # name, local section, [ike proposals], [esp proposals], [IKE SA options], [CHILD_SA options]
    cat <<EOF
    $1 {
        version = 2
        remote_addrs = 192.0.2.1
        vips = 0.0.0.0
        fragmentation = yes
        ${3:+proposals = $3}
        ${5:-}
        local { $2 }
        remote { auth = pubkey
            id = gw.example.com }
        children { net { remote_ts = 203.0.113.0/24
            ${4:+esp_proposals = $4}
            ${6:-}
            start_action = none } }
    }
EOF
}

eap_conn() {  # name, eap id, [ike proposals], [esp proposals]
    conn "$1" "auth = eap-mschapv2
            eap_id = $2" "${3:-}" "${4:-}"
}

gtc_conn() {  # name, eap id
    conn "$1" "auth = eap-gtc
            eap_id = $2"
}

certificate_conn() {  # name, certificate file, [identity]
    conn "$1" "auth = pubkey
            certs = $2${3:+
            id = $3}"
}

sw() { STRONGSWAN_CONF=$STATE/cli/strongswan.conf SWANCTL_DIR=$STATE/cli/swanctl swanctl "$@"; }

charon_pid() { [[ -s $STATE/cli/run/charon.pid ]] && cat "$STATE/cli/run/charon.pid"; }

charon_start() {
    local d=$STATE/cli
    client_config
    rm -f "$d/run/charon.pid" "$d/charon.vici"
    # A private /run: charon's hard-coded /var/run/charon.pid must not clash
    # with another charon on the host.
    STRONGSWAN_CONF=$d/strongswan.conf setsid ip netns exec $NS_CLI unshare --mount --propagation private \
        sh -c 'mount --bind "$1" /run && exec "$2"' sh "$d/run" "$CHARON" >"$d/charon.out" 2>&1 </dev/null &
    for _ in $(seq 1 100); do [[ -S $d/charon.vici ]] && break; sleep 0.1; done
    [[ -S $d/charon.vici ]] || { tail -20 "$d/charon.out" >&2; die "charon did not start"; }
    sw --load-all --noprompt >/dev/null
}

charon_stop() {
    local pid
    if pid=$(charon_pid) && kill -0 "$pid" 2>/dev/null && [[ $(readlink "/proc/$pid/exe") == "$CHARON" ]]; then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$STATE/cli/run/charon.pid"
}

# The client trusts the CA a quick-start gateway created, as an admin would
# import it.
trust_quick_start_ca() {  # profile
    [[ $1 == quick-start ]] || return 0
    cp "$STATE/gw/certs/ca.pem" "$STATE/cli/swanctl/x509ca/quick-start-ca.pem"
    sw --load-creds --noprompt >/dev/null
}

# ---------------------------------------------------------------- traffic
# MB random megabytes over TCP from the client to 203.0.113.10:5001 through
# the tunnel; succeeds when the LAN host received exactly what was sent.
transfer() {
    local d=$STATE/transfer pid
    mkdir -p "$d"
    head -c "$(( $1 * 1000000 ))" /dev/urandom > "$d/sent"
    rm -f "$d/received"
    ip netns exec $NS_LAN timeout 120 socat -u TCP-LISTEN:5001,reuseaddr "OPEN:$d/received,creat,trunc" &
    pid=$!
    for _ in $(seq 1 50); do ip netns exec $NS_LAN ss -ltn | grep -q ':5001 ' && break; sleep 0.1; done
    timeout 120 ip netns exec $NS_CLI socat -u "OPEN:$d/sent" TCP:203.0.113.10:5001
    wait "$pid"
    local sent received
    sent=$(sha256sum < "$d/sent"); received=$(sha256sum < "$d/received")
    [[ $sent == "$received" ]] || die "checksums differ: sent $(stat -c %s "$d/sent") octets, received $(stat -c %s "$d/received")"
    echo "checksums match ($1 MB)"
}

# ---------------------------------------------------------------- IKE_SA_INIT flood
# A namespace of its own for the flood, on a veth to the gateway's namespace:
# 198.51.100.1 (gateway side) and .2; the source addresses 198.19.0.0/23 sit
# on the flood side's veth and are routed to it by the gateway's namespace,
# so its neighbour table holds one entry, not 508.
FLOOD_SOURCES=508

flood_up() {
    [[ -e /run/netns/$NS_GW ]] || die "the lab is not up (harness.sh up)"
    flood_down
    mkdir -p "$STATE/flood"
    ip netns add $NS_FLOOD
    ip netns exec $NS_FLOOD sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n $NS_FLOOD link set lo up
    ip link add ghi-fld-gw netns $NS_GW type veth peer name ghi-fld netns $NS_FLOOD
    ip -n $NS_GW addr add 198.51.100.1/24 dev ghi-fld-gw
    ip -n $NS_FLOOD addr add 198.51.100.2/24 dev ghi-fld
    ip -n $NS_GW link set ghi-fld-gw up
    ip -n $NS_FLOOD link set ghi-fld up
    ip -n $NS_FLOOD route add default via 198.51.100.1
    ip -n $NS_GW route add 198.19.0.0/23 via 198.51.100.2
    local i
    for i in $(seq 0 $((FLOOD_SOURCES - 1))); do echo "198.19.$((i / 254)).$((i % 254 + 1))"; done > "$STATE/flood/sources"
    sed 's|.*|address add &/32 dev ghi-fld|' "$STATE/flood/sources" | ip -n $NS_FLOOD -batch -
}

flood_pid() {
    local pid
    [[ -s $STATE/flood/flood.pid ]] || return 1
    pid=$(cat "$STATE/flood/flood.pid")
    [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q ike_init_flood.py || return 1
    echo "$pid"
}

flood_stop() {
    local pid
    if pid=$(flood_pid); then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$STATE/flood/flood.pid"
}

# In the foreground (the pid file lets down stop it); exit status 0 when it
# sent what it was asked to.
flood_run() {  # seconds, rate
    [[ -e /run/netns/$NS_FLOOD ]] || die "no flood namespace (harness.sh flood up)"
    local pid status=0
    ip netns exec $NS_FLOOD python3 "$HERE/flood/ike_init_flood.py" --target 192.0.2.1 --sources "$STATE/flood/sources" \
        --seconds "$1" --rate "$2" </dev/null >"$STATE/flood/flood.log" 2>&1 &
    pid=$!
    echo "$pid" > "$STATE/flood/flood.pid"
    wait "$pid" || status=$?
    rm -f "$STATE/flood/flood.pid"
    cat "$STATE/flood/flood.log"
    return $status
}

flood_down() {
    flood_stop
    [[ -e /run/netns/$NS_FLOOD ]] && ip netns del $NS_FLOOD
    return 0
}

flood_command() {
    case ${1:-} in
        up) flood_up ;;
        run) flood_run "${2:?seconds}" "${3:?rate}" ;;
        down) flood_down ;;
        *) die "usage: flood up|run SECONDS RATE|down" ;;
    esac
}

# ---------------------------------------------------------------- commands
main() {
    [[ $(id -u) == 0 ]] || die "must run as root (network namespaces)"
    local command=${1:-}; shift || true
    case $command in
        up)
            [[ -x $GATEHOUSE ]] || die "no gatehouse binary at $GATEHOUSE (swift build first)"
            [[ -x $CHARON ]] || die "strongSwan is not installed (scripts/install-deps)"
            charon_stop; gateway_stop; swan_gateway_stop; proxy_stop; radius_stop; ldap_stop; ad_stop; net_down
            mkdir -p "$STATE"
            pki
            client_pki
            rm -rf "$STATE/gw" "$STATE/cli" "$STATE/radius" "$STATE/ldap"
            # the AD DC's provisioned cache ($STATE/ad/provisioned) stays
            rm -rf "$STATE/ad/dc" "$STATE/ad/gw" "$STATE/ad/pids"
            net_up
            [[ ${1:-default} == masquerade ]] && ip -n $NS_LAN route del 198.18.0.0/24
            if [[ ${1:-default} == strongswan* ]]; then swan_gateway_start "$1"; else gateway_start "${1:-default}"; fi
            charon_start
            trust_quick_start_ca "${1:-default}" ;;
        restart-gateway) gateway_stop; gateway_start "${1:?profile}"; trust_quick_start_ca "$1" ;;
        kill-gateway) gateway_kill ;;
        kill-client) pid=$(charon_pid) && kill -KILL "$pid" ;;
        # MOBIKE roaming: the client gets 192.0.2.3 and loses 192.0.2.2 (with
        # promote_secondaries, or deleting the primary deletes both).
        client-move)
            ip netns exec $NS_CLI sysctl -qw net.ipv4.conf.ghi-veth-cli.promote_secondaries=1
            ip -n $NS_CLI addr add 192.0.2.3/24 dev ghi-veth-cli
            ip -n $NS_CLI addr del 192.0.2.2/24 dev ghi-veth-cli ;;
        radius) radius_command "$@" ;;
        ldap) ldap_command "$@" ;;
        initiate) timeout 60 bash -c "$(declare -f sw); STATE=$STATE; sw --initiate --ike '${1:?conn}' --child net --timeout 30" ;;
        terminate-client) sw --terminate --ike "${1:?conn}" --timeout 10 ;;
        client-sas) sw --list-sas ;;
        swan-gateway-sas) swanctl --list-sas --uri "unix://$STATE/swgw/charon.vici" ;;
        gatehouse) "$GATEHOUSE" "$@" --socket "$STATE/gw/control.sock" ;;
        client-exec) ip netns exec $NS_CLI "$@" ;;
        lan-exec) ip netns exec $NS_LAN "$@" ;;
        gateway-exec) ip netns exec $NS_GW "$@" ;;
        transfer) transfer "${1:?megabytes}" ;;
        add-user) printf '  %s:\n    password: %s\n' "${1:?name}" "${2:?password}" >> "$STATE/gw/secrets.yaml" ;;
        logs) tail -n "${1:-40}" "$STATE/gw/gatehouse.log" "$STATE/cli/charon.log" ;;
        gateway-pid) any_gateway_pid ;;
        ad) ad_command "$@" ;;
        flood) flood_command "$@" ;;
        down) charon_stop; gateway_stop; swan_gateway_stop; proxy_stop; radius_stop; ldap_stop; ad_stop; net_down ;;
        *) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}"; exit 2 ;;
    esac
}

main "$@"
