# Shell functions of the directory image (sourced by the entry point and
# add-vpn-user).

. /usr/local/lib/gatehouse/read-secret.sh

ssha() { slappasswd -h '{SSHA}' -T /dev/stdin; }

# MD4 of the UTF-16LE password, upper-case hex: the NT hash MSCHAPv2 needs.
# OpenSSL 3 keeps MD4 in its legacy provider.
nt_hash() {
    iconv -f UTF-8 -t UTF-16LE | openssl dgst -md4 -provider legacy -provider default -r | cut -d' ' -f1 | tr a-f A-F
}

# user_ldif NAME PASSWORD UIDNUMBER: a user FreeRADIUS can check with
# EAP-MSCHAPv2 (sambaNTPassword) and with binds (userPassword).
user_ldif() {
    case $1 in
        *[!a-z0-9._-]*|"") echo "gatehouse-ldap: user names are lower-case letters, digits, '.', '_' and '-'" >&2; return 1 ;;
    esac
    printf 'dn: uid=%s,ou=people,%s\n' "$1" "$LDAP_BASE"
    printf 'objectClass: inetOrgPerson\nobjectClass: posixAccount\nobjectClass: sambaSamAccount\n'
    printf 'uid: %s\ncn: %s\nsn: %s\n' "$1" "$1" "$1"
    printf 'uidNumber: %s\ngidNumber: 10000\nhomeDirectory: /nonexistent\nloginShell: /usr/sbin/nologin\n' "$3"
    printf 'userPassword: %s\n' "$(printf '%s' "$2" | ssha)"
    printf 'sambaSID: S-1-5-21-1-2-3-%s\n' "$3"
    printf 'sambaNTPassword: %s\n' "$(printf '%s' "$2" | nt_hash)"
    printf 'sambaAcctFlags: [U          ]\n\n'
}

# group_ldif [NAME...]: the vpnusers group (who may connect; FreeRADIUS
# checks it) with these users. groupOfNames needs a member: without users,
# the service account, which is no user (not under ou=people).
group_ldif() {
    printf 'dn: cn=vpnusers,ou=groups,%s\nobjectClass: groupOfNames\ncn: vpnusers\n' "$LDAP_BASE"
    [ $# -gt 0 ] || printf 'member: cn=vpn-svc,ou=services,%s\n' "$LDAP_BASE"
    for name in "$@"; do printf 'member: uid=%s,ou=people,%s\n' "$name" "$LDAP_BASE"; done
    echo
}

# member_ldif NAME: the change that puts the user into vpnusers.
member_ldif() {
    printf 'dn: cn=vpnusers,ou=groups,%s\nchangetype: modify\nadd: member\nmember: uid=%s,ou=people,%s\n\n' \
        "$LDAP_BASE" "$1" "$LDAP_BASE"
}

LDAP_BASE=${LDAP_BASE:-dc=example,dc=com}
