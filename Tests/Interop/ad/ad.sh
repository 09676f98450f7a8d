# Samba 4 Active Directory DC for the interop harness (`harness.sh ad ...`).
# Sourced by harness.sh, which defines STATE, PREFIX, NS_GW, log and die.
# Adapted from the shared AD lab; see Tests/Interop/ad/README.md.
#
# The DC runs in its own namespace $PREFIX-dc (veth ghi-dc, 203.0.113.20/24),
# linked straight to the gateway's namespace (veth ghi-dc-gw, no address of
# its own, a /32 route to the DC; the gateway answers ARP with 203.0.113.1).
# The gateway's namespace is the domain member GW1 (winbindd). Nothing is
# written to /etc/samba, /var/lib/samba or /run/samba: every Samba process
# runs in the private mount namespace `ip netns exec` gives it, with our run
# folder bind-mounted on /run/samba (libwbclient, used by ntlm_auth, only
# looks for winbindd's socket in the compiled-in /run/samba/winbindd) and our
# resolv.conf (the DC's DNS) on /etc/resolv.conf.

NS_DC=$PREFIX-dc
AD_IF_DC=ghi-dc              # veth end in $NS_DC
AD_IF_GW=ghi-dc-gw           # veth end in $NS_GW
AD_DC_IP=203.0.113.20
AD_GW_IP=203.0.113.1
AD_REALM=CORP.EXAMPLE.COM
AD_DOMAIN=CORP
AD_DNS_DOMAIN=corp.example.com
AD_BASE_DN="DC=corp,DC=example,DC=com"
AD_DC_HOST=dc1
AD_DC_FQDN=$AD_DC_HOST.$AD_DNS_DOMAIN
AD_ADMIN_PW=Adm1n-Pass-0
AD_GW_NETBIOS=GW1

AD=$STATE/ad
AD_SAMBA=$AD/dc                  # the running DC (a fresh copy of the cache at each start)
AD_CACHE=$AD/provisioned         # provisioned + populated, never started
AD_SMBCONF=$AD_SAMBA/etc/smb.conf
AD_GWDIR=$AD/gw                  # the member: smb.conf, secrets, run/ (bind-mounted on /run/samba)
AD_PIDS=$AD/pids
AD_LOG=$AD/log

# Users: name:password (all under CN=Users). Groups and attributes in ad_populate.
AD_USERS="svc-vpn:Svc-Vpn-Pass1 alice:Alice-Pass1 bob:Bob-Pass1 carol:Carol-Pass1 dave:Dave-Pass1 frank:Frank-Pass1"
# alice's msRADIUSFramedIPAddress: 198.18.0.77 (in the harness pool) as a signed int32
AD_ALICE_FRAMED_IP=198.18.0.77
AD_ALICE_FRAMED_INT=-971898803

ad_now() { echo "${EPOCHREALTIME/,/.}"; }
ad_since() { awk -v a="$1" -v b="$(ad_now)" 'BEGIN{printf "%.1f", b-a}'; }

# ---------------------------------------------------------------- network
ad_net_up() {
    [[ -e /run/netns/$NS_GW ]] || die "the lab is not up (harness.sh up)"
    if [[ ! -e /run/netns/$NS_DC ]]; then
        ip netns add "$NS_DC"
        ip netns exec "$NS_DC" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip -n "$NS_DC" link set lo up
    fi
    if ! ip -n "$NS_DC" link show "$AD_IF_DC" >/dev/null 2>&1; then
        ip -n "$NS_GW" link del "$AD_IF_GW" 2>/dev/null || true
        ip link add "$AD_IF_GW" netns "$NS_GW" type veth peer name "$AD_IF_DC" netns "$NS_DC"
        ip -n "$NS_DC" addr add "$AD_DC_IP/24" dev "$AD_IF_DC"
        ip -n "$NS_GW" link set "$AD_IF_GW" up
        ip -n "$NS_DC" link set "$AD_IF_DC" up
        ip -n "$NS_GW" route replace "$AD_DC_IP/32" dev "$AD_IF_GW" src "$AD_GW_IP"
        # the pool, so tunnelled clients reach the DC through the gateway
        ip -n "$NS_DC" route replace 198.18.0.0/16 via "$AD_GW_IP" dev "$AD_IF_DC"
    fi
}

ad_net_down() {
    [[ -e /run/netns/$NS_DC ]] || return 0
    local left; left=$(ip netns pids "$NS_DC" | tr '\n' ' ')
    [[ -z $left ]] || die "namespace $NS_DC still has processes: $left"
    ip netns del "$NS_DC"
    # (deleting the namespace deleted the veth pair; this is for a half-made one)
    if [[ -e /run/netns/$NS_GW ]]; then ip -n "$NS_GW" link del "$AD_IF_GW" 2>/dev/null || true; fi
    return 0
}

# ---------------------------------------------------------------- exec contexts
ad_files() {
    mkdir -p "$AD" "$AD_PIDS" "$AD_LOG"
    # Running processes see this file through a bind mount: never rewrite it
    # in place (a reader saw an empty file), write a new one and rename it.
    local want; want=$(printf 'nameserver %s\nsearch %s' "$AD_DC_IP" "$AD_DNS_DOMAIN")
    if [[ $(cat "$AD/resolv.conf" 2>/dev/null) != "$want" ]]; then
        echo "$want" > "$AD/resolv.conf.new" && mv -f "$AD/resolv.conf.new" "$AD/resolv.conf"
    fi
    [[ -e $AD/empty-smb.conf ]] || : > "$AD/empty-smb.conf"
    [[ -d /run/samba ]] || mkdir -p /run/samba   # the mount point (samba-common creates it)
}

# The DC's context: netns $NS_DC, own UTS namespace (hostname dc1), resolv.conf
# -> the DC's DNS, /run/samba -> $AD_SAMBA/run. The mounts die with the process.
ad_dc_prefix() {
    ad_files; mkdir -p "$AD_SAMBA/run"
    ADP=(ip netns exec "$NS_DC" unshare -u -- env KRB5_CONFIG="$AD_SAMBA/private/krb5.conf"
        sh -c 'hostname "$1"; mount --bind "$2" /etc/resolv.conf && mount --bind "$3" /run/samba || exit 97
               shift 3; exec "$@"' sh "$AD_DC_HOST" "$AD/resolv.conf" "$AD_SAMBA/run")
}
ad_dc_exec() { ad_dc_prefix; "${ADP[@]}" "$@"; }

# The gateway's namespace as the domain member: resolv.conf -> the DC's DNS,
# /run/samba -> the member winbindd's run folder, LDAPTLS_CACERT, KRB5_CONFIG.
ad_gw_prefix() {
    ad_files; mkdir -p "$AD_GWDIR/run"
    AGP=(ip netns exec "$NS_GW" env LDAPTLS_CACERT="$AD/ca.pem" KRB5_CONFIG="$AD_SAMBA/private/krb5.conf"
        sh -c 'mount --bind "$1" /etc/resolv.conf && mount --bind "$2" /run/samba || exit 97
               shift 2; exec "$@"' sh "$AD/resolv.conf" "$AD_GWDIR/run")
}
ad_gw_exec() { ad_gw_prefix; "${AGP[@]}" "$@"; }

# ---------------------------------------------------------------- pids
# wait until PID has exec'd into COMM (ip/unshare/env/sh exec in turn); fails if it died
ad_wait_exec() {
    local pid=$1 comm=$2
    for _ in $(seq 1 100); do
        [[ -d /proc/$pid ]] || return 1
        [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] && return 0
        sleep 0.05
    done
    return 1
}
ad_ns_inode() { stat -L -c %i "/run/netns/$1" 2>/dev/null || echo none; }
# ad_ours PIDFILE COMM NS: the pid, if alive, in namespace NS, with that command name
ad_ours() {
    local pf=$1 comm=$2 ns=$3 pid
    [[ -s $pf ]] || return 1
    pid=$(cat "$pf"); [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -d /proc/$pid ]] || return 1
    [[ $(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null) == "$(ad_ns_inode "$ns")" ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] || return 1
    echo "$pid"
}

# ---------------------------------------------------------------- provision
ad_tls() {  # into $1/private/tls; the CA is also copied to $AD/ca.pem
    local d=$1/private/tls cnf
    mkdir -p "$d"
    cnf=$(mktemp)
    cat > "$cnf" <<EOF
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[srv]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:$AD_DC_FQDN,DNS:$AD_DNS_DOMAIN,DNS:$AD_DC_HOST,IP:$AD_DC_IP
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=Gatehouse Interop/CN=Gatehouse Interop AD CA" \
        -keyout "$d/ca-key.pem" -out "$d/ca.pem" -config "$cnf" -extensions ca 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -subj "/O=Gatehouse Interop/CN=$AD_DC_FQDN" \
        -keyout "$d/key.pem" -out "$d/server.csr" -config "$cnf" 2>/dev/null
    openssl x509 -req -in "$d/server.csr" -CA "$d/ca.pem" -CAkey "$d/ca-key.pem" -CAcreateserial \
        -days 825 -out "$d/cert.pem" -extfile "$cnf" -extensions srv 2>/dev/null
    chmod 600 "$d/key.pem" "$d/ca-key.pem"   # samba refuses a key others can read
    rm -f "$cnf" "$d/server.csr"
}

# A stamp of everything the provisioned folder depends on: a change re-provisions.
ad_stamp() { { declare -p AD_DC_IP AD_REALM AD_DOMAIN AD_USERS AD_ALICE_FRAMED_INT AD_SAMBA; declare -f ad_provision ad_populate ad_tls; cat "$HERE/ad/populate.py"; } | sha256sum | cut -c1-16; }

ad_provision() {  # into $AD_SAMBA (the DC must not run)
    local T=$AD_SAMBA t0 extra
    rm -rf "$T"; mkdir -p "$T/run" "$T/log"
    t0=$(ad_now)
    # -s with an empty file: otherwise provision merges /etc/samba/smb.conf
    ad_dc_exec samba-tool domain provision -s "$AD/empty-smb.conf" \
        --targetdir="$T" --realm="$AD_REALM" --domain="$AD_DOMAIN" --server-role=dc \
        --dns-backend=SAMBA_INTERNAL --use-rfc2307 --adminpass="$AD_ADMIN_PW" \
        --host-name="$AD_DC_HOST" --host-ip="$AD_DC_IP" \
        --option="netbios name=$(echo "$AD_DC_HOST" | tr a-z A-Z)" \
        --option="interfaces=lo $AD_IF_DC" --option="bind interfaces only=yes" \
        --option="pid directory=$T/run" --option="ncalrpc dir=$T/run/ncalrpc" \
        --option="winbindd socket directory=$T/run/winbindd" \
        --option="ntp signd socket directory=$T/run/ntp_signd" \
        --option="log file=$T/log/log.%m" > "$AD_LOG/provision.log" 2>&1 \
        || { tail -n 20 "$AD_LOG/provision.log" >&2; die "samba-tool domain provision failed (log: $AD_LOG/provision.log)"; }
    log "AD: provisioned in $(ad_since "$t0") s"
    ad_tls "$T"
    # provision copies the host's nameserver into "dns forwarder": no upstream here
    sed -i '/^[[:space:]]*dns forwarder[[:space:]]*=/d' "$AD_SMBCONF"
    # MSCHAPv2 through ntlm_auth needs mschapv2-and-ntlmv2-only on the DC (the
    # default ntlmv2-only refuses it with 0xc000006d); our own SAN certificate;
    # fewer services and workers (CI has 2 cores). Not -s3fs: the member's
    # join and NETLOGON need the DC's smbd (445).
    extra="	# interop: added by Tests/Interop/ad/ad.sh
	ntlm auth = mschapv2-and-ntlmv2-only
	tls enabled = yes
	tls keyfile = $T/private/tls/key.pem
	tls certfile = $T/private/tls/cert.pem
	tls cafile = $T/private/tls/ca.pem
	prefork children = 1
	server services = -nbt -wrepl -drepl -kcc -ntp_signd -dnsupdate"
    awk -v extra="$extra" '{print} /^\[global\]/{print extra}' "$AD_SMBCONF" > "$AD_SMBCONF.new" && mv "$AD_SMBCONF.new" "$AD_SMBCONF"
    t0=$(ad_now)
    ad_populate
    log "AD: users, groups and policy in $(ad_since "$t0") s"
}

ad_populate() {
    # one Python process with Samba's bindings instead of ~13 samba-tool runs
    ad_dc_exec /usr/bin/python3 "$HERE/ad/populate.py" "$AD_SMBCONF" "$AD_USERS" "$AD_ALICE_FRAMED_INT" \
        >> "$AD_LOG/provision.log" 2>&1 || { tail -n 20 "$AD_LOG/provision.log" >&2; die "AD: populate.py failed"; }
}

# A fresh DC folder: a copy of the cache (provisioning into the cache's place
# first if there is none or it was made by other settings). smb.conf holds
# absolute paths, so the cache is provisioned in $AD_SAMBA and copied from there.
ad_prepare() {
    local stamp; stamp=$(ad_stamp)
    if [[ -f $AD_CACHE/.stamp && $(cat "$AD_CACHE/.stamp") == "$stamp" ]]; then
        rm -rf "$AD_SAMBA"; cp -a "$AD_CACHE" "$AD_SAMBA"
    else
        rm -rf "$AD_CACHE"
        ad_provision
        rm -rf "$AD_SAMBA/run"/* "$AD_SAMBA/log"/*
        cp -a "$AD_SAMBA" "$AD_CACHE.new" && echo "$stamp" > "$AD_CACHE.new/.stamp" && mv "$AD_CACHE.new" "$AD_CACHE"
    fi
    cp "$AD_SAMBA/private/tls/ca.pem" "$AD/ca.pem"
}

# ---------------------------------------------------------------- the member (gateway host)
ad_gw_conf() {
    local G=$AD_GWDIR
    rm -rf "$G"; mkdir -p "$G/etc" "$G/run" "$G/private" "$G/state" "$G/cache" "$G/log" "$G/lock"
    cat > "$G/etc/smb.conf" <<EOF
# The gateway host: Samba domain member (winbindd only) of $AD_REALM. Made by harness.sh ad start.
[global]
	workgroup = $AD_DOMAIN
	realm = $AD_REALM
	security = ads
	server role = member server
	netbios name = $AD_GW_NETBIOS
	interfaces = lo $AD_IF_GW
	bind interfaces only = yes
	idmap config * : backend = tdb
	idmap config * : range = 3000-7999
	idmap config $AD_DOMAIN : backend = rid
	idmap config $AD_DOMAIN : range = 10000-999999
	kerberos method = secrets and keytab
	dedicated keytab file = $G/private/krb5.keytab
	private dir = $G/private
	lock directory = $G/lock
	state directory = $G/state
	cache directory = $G/cache
	pid directory = $G/run
	ncalrpc dir = $G/run/ncalrpc
	winbindd socket directory = $G/run/winbindd
	log file = $G/log/log.%m
EOF
}

ad_gw_start() {
    local t0 wp
    t0=$(ad_now)
    ad_gw_conf
    ad_gw_exec net ads join -s "$AD_GWDIR/etc/smb.conf" -U "Administrator%$AD_ADMIN_PW" --no-dns-updates \
        > "$AD_LOG/gw-join.log" 2>&1 || { cat "$AD_LOG/gw-join.log" >&2; die "AD: net ads join failed"; }
    ad_gw_prefix
    setsid "${AGP[@]}" winbindd -F --no-process-group -s "$AD_GWDIR/etc/smb.conf" \
        >> "$AD_LOG/gw-winbindd.stdout" 2>&1 < /dev/null &
    wp=$!; echo "$wp" > "$AD_PIDS/gw-winbindd.pid"
    ad_wait_exec "$wp" winbindd || { tail -n 20 "$AD_LOG/gw-winbindd.stdout" >&2; die "AD: member winbindd did not start"; }
    for _ in $(seq 1 150); do ad_gw_exec wbinfo -P >/dev/null 2>&1 && break; sleep 0.2; done
    ad_gw_exec wbinfo -P >/dev/null 2>&1 || die "AD: member winbindd has no NETLOGON connection to the DC (logs: $AD_GWDIR/log)"
    log "AD: $AD_GW_NETBIOS joined, winbindd ready (pid $wp) in $(ad_since "$t0") s"
}

# ---------------------------------------------------------------- start/stop
ad_dc_ready() {
    ip netns exec "$NS_GW" bash -c "exec 3<>/dev/tcp/$AD_DC_IP/636 && exec 4<>/dev/tcp/$AD_DC_IP/88" 2>/dev/null \
        && ad_dc_exec wbinfo -p >/dev/null 2>&1
}

ad_start() {
    command -v samba >/dev/null && command -v ntlm_auth >/dev/null && command -v winbindd >/dev/null \
        || die "Samba is not installed (scripts/install-deps)"
    ad_net_up; ad_files
    local t0 sp
    t0=$(ad_now)
    if ! ad_ours "$AD_PIDS/samba.pid" samba "$NS_DC" >/dev/null; then
        ad_stop   # a member or leftovers from a DC that died
        ad_prepare
        ad_dc_prefix
        # samba -F and ip/unshare/env/sh all exec in place: $! is samba's own pid
        setsid "${ADP[@]}" samba -s "$AD_SMBCONF" -F --no-process-group \
            >> "$AD_LOG/samba.stdout" 2>&1 < /dev/null &
        sp=$!; echo "$sp" > "$AD_PIDS/samba.pid"
        ad_wait_exec "$sp" samba || { tail -n 20 "$AD_LOG/samba.stdout" >&2; die "AD: samba did not start"; }
        for _ in $(seq 1 300); do
            ad_ours "$AD_PIDS/samba.pid" samba "$NS_DC" >/dev/null || { tail -n 20 "$AD_LOG/samba.stdout" >&2; die "AD: samba exited"; }
            ad_dc_ready && break
            sleep 0.2
        done
        ad_dc_ready || die "AD: DC not ready after 60 s"
        log "AD: DC ready on $AD_DC_IP in $(ad_since "$t0") s"
    fi
    ad_ours "$AD_PIDS/gw-winbindd.pid" winbindd "$NS_GW" >/dev/null || ad_gw_start
}

# Our processes only: the pid files' (each checked for its namespace and
# command), then Samba programs left in $NS_DC, and Samba programs in the
# gateway's namespace whose mount of /run/samba is our member's run folder.
ad_stop() {
    local specs=("$AD_PIDS/gw-winbindd.pid winbindd $NS_GW" "$AD_GWDIR/run/samba-dcerpcd.pid samba-dcerpcd $NS_GW"
                 "$AD_PIDS/samba.pid samba $NS_DC")
    local spec pf comm ns pid pids="" p exe
    for spec in "${specs[@]}"; do
        read -r pf comm ns <<< "$spec"
        if pid=$(ad_ours "$pf" "$comm" "$ns"); then kill -TERM "$pid" 2>/dev/null || true; pids="$pids $pid"; fi
        rm -f "$pf"
    done
    for _ in $(seq 1 150); do
        local alive=""; for pid in $pids; do [[ -d /proc/$pid ]] && alive="$alive $pid"; done
        [[ -z $alive ]] && break; sleep 0.1
    done
    for pid in $pids; do [[ -d /proc/$pid ]] && { log "AD: pid $pid ignored TERM for 15 s: KILL"; kill -KILL "$pid" 2>/dev/null || true; }; done
    # leftovers (children of a DC that was killed)
    local left="" gwi dci runid; gwi=$(ad_ns_inode "$NS_GW"); dci=$(ad_ns_inode "$NS_DC")
    runid=$(stat -L -c %d:%i "$AD_GWDIR/run" 2>/dev/null || echo none)
    for p in /proc/[0-9]*; do
        p=${p#/proc/}
        exe=$(readlink "/proc/$p/exe" 2>/dev/null) || continue
        case $exe in /usr/sbin/samba|/usr/sbin/smbd|/usr/sbin/winbindd|/usr/bin/ntlm_auth|/usr/libexec/samba/*) ;; *) continue ;; esac
        case $(stat -L -c %i "/proc/$p/ns/net" 2>/dev/null) in
            "$dci") left="$left $p" ;;
            "$gwi") [[ $(stat -L -c %d:%i "/proc/$p/root/run/samba" 2>/dev/null) == "$runid" ]] && left="$left $p" ;;
        esac
    done
    if [[ -n $left ]]; then
        kill -TERM $left 2>/dev/null || true; sleep 1
        for p in $left; do if [[ -d /proc/$p ]]; then kill -KILL "$p" 2>/dev/null || true; fi; done
    fi
    return 0
}

ad_status() {
    local rc=0 pid
    if pid=$(ad_ours "$AD_PIDS/samba.pid" samba "$NS_DC"); then
        if ad_dc_ready; then echo "AD DC: running (pid $pid), $AD_REALM on $AD_DC_IP (ldaps 636, kerberos 88)"
        else echo "AD DC: running (pid $pid), not answering"; rc=3; fi
    else echo "AD DC: stopped"; rc=3; fi
    if pid=$(ad_ours "$AD_PIDS/gw-winbindd.pid" winbindd "$NS_GW"); then echo "member $AD_GW_NETBIOS winbindd: running (pid $pid)"
    else echo "member winbindd: stopped"; rc=3; fi
    return $rc
}

# The member winbindd runs: a gateway started now can use ntlm_auth.
ad_member_running() { ad_ours "$AD_PIDS/gw-winbindd.pid" winbindd "$NS_GW" >/dev/null 2>&1; }

ad_command() {
    case ${1:-} in
        start) ad_start ;;
        stop) ad_stop ;;
        status) ad_status ;;
        exec) shift; ad_dc_exec "$@" ;;
        gw-exec) shift; ad_gw_exec "$@" ;;
        # ntlm_auth as the gateway runs it, a long-lived helper on stdin/stdout
        ntlm-auth) shift; ad_gw_prefix
            exec "${AGP[@]}" ntlm_auth --configfile="$AD_GWDIR/etc/smb.conf" --helper-protocol=ntlm-server-1 --allow-mschapv2 "$@" ;;
        # five bad simple binds over ldaps from the gateway's namespace
        lock) local u=${2:?user}
            for _ in 1 2 3 4 5; do
                ad_gw_exec ldapsearch -x -H "ldaps://$AD_DC_IP" -D "$u@$AD_DNS_DOMAIN" -w not-the-password \
                    -b "" -s base >/dev/null 2>&1 || true
            done ;;
        unlock) ad_dc_exec samba-tool user unlock "${2:?user}" -s "$AD_SMBCONF" ;;
        search) shift; ad_gw_exec ldapsearch -LLL -x -o ldif-wrap=no -H "ldaps://$AD_DC_IP" \
                    -D "svc-vpn@$AD_DNS_DOMAIN" -w Svc-Vpn-Pass1 -b "$AD_BASE_DN" "$@" ;;
        *) die "usage: harness.sh ad start|stop|status|exec CMD...|gw-exec CMD...|ntlm-auth [ARGS]|lock USER|unlock USER|search ARGS..." ;;
    esac
}
