#!/bin/sh
# Entry point of the directory image: writes slapd.conf from the secrets,
# loads the tree and the first users into an empty directory, keeps the
# service account's password in step with its secret, then runs slapd in the
# foreground.
#
# Environment: LDAP_BASE (dc=example,dc=com), LDAP_ORGANIZATION, LDAP_LOGLEVEL
# (none; stats logs every operation). Secrets (files in /run/secrets, or the
# variables in brackets): ldap_admin_password (LDAP_ADMIN_PASSWORD),
# ldap_service_password (LDAP_SERVICE_PASSWORD), and optionally ldap_users:
# lines "NAME PASSWORD [nogroup]" loaded on the first start only.
set -eu
. /usr/local/lib/gatehouse/ldap-functions.sh

admin_password=$(read_secret ldap_admin_password LDAP_ADMIN_PASSWORD)
service_password=$(read_secret ldap_service_password LDAP_SERVICE_PASSWORD)
conf=/run/slapd/slapd.conf
mkdir -p /run/slapd
dc=$(printf '%s' "$LDAP_BASE" | sed -n 's/^dc=\([^,]*\).*/\1/p')
[ -n "$dc" ] || { echo "gatehouse-ldap: LDAP_BASE must start with dc=" >&2; exit 1; }

fill() {
    sed -e "s|@BASE@|$LDAP_BASE|g" -e "s|@DC@|$dc|g" -e "s|@ORGANIZATION@|${LDAP_ORGANIZATION:-Gatehouse VPN}|g" \
        -e "s|@LOGLEVEL@|${LDAP_LOGLEVEL:-none}|g" -e "s|@ADMIN_SSHA@|$admin_ssha|g" -e "s|@SERVICE_SSHA@|$service_ssha|g" "$1"
}
admin_ssha=$(printf '%s' "$admin_password" | ssha)
service_ssha=$(printf '%s' "$service_password" | ssha)
umask 077
fill /etc/gatehouse-ldap/slapd.conf.in > "$conf"

if [ ! -e /var/lib/ldap/data.mdb ]; then
    echo "gatehouse-ldap: empty directory, loading $LDAP_BASE"
    {
        fill /etc/gatehouse-ldap/base.ldif.in
        echo
        if [ -r /run/secrets/ldap_users ]; then
            number=10001
            while read -r name password flag; do
                case $name in ''|'#'*) continue ;; esac
                user_ldif "$name" "$password" "$number"
                [ "${flag:-}" = nogroup ] || members="${members:-} $name"
                number=$((number + 1))
                echo "gatehouse-ldap: user $name${flag:+ ($flag)}" >&2
            done < /run/secrets/ldap_users
        fi
        # shellcheck disable=SC2086  # one argument per name
        group_ldif ${members:-}
    } > /run/slapd/base.ldif
    slapadd -q -f "$conf" -l /run/slapd/base.ldif
    rm -f /run/slapd/base.ldif
else
    # The secret may have changed since the directory was loaded.
    printf 'dn: cn=vpn-svc,ou=services,%s\nchangetype: modify\nreplace: userPassword\nuserPassword: %s\n\n' \
        "$LDAP_BASE" "$service_ssha" | slapmodify -q -f "$conf"
fi
chown -R openldap:openldap /var/lib/ldap /run/slapd

echo "gatehouse-ldap: slapd for $LDAP_BASE on ldap:/// and ldapi:///"
exec slapd -f "$conf" -h "ldap:/// ldapi:///" -u openldap -g openldap -d 0
