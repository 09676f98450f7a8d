#!/bin/sh
# add-vpn-user NAME [--no-group]: adds a user to the directory, in the
# vpnusers group (who may connect) unless --no-group. The password is read
# from standard input (first line), or asked for on a terminal:
#
#   docker compose exec openldap add-vpn-user alice
#   printf '%s\n' "$password" | docker compose exec -T openldap add-vpn-user alice
set -eu
. /usr/local/lib/gatehouse/ldap-functions.sh
[ $# -ge 1 ] || { echo "usage: add-vpn-user NAME [--no-group]" >&2; exit 2; }
name=$1
if [ -t 0 ]; then
    stty -echo; printf 'password for %s: ' "$name" >&2; read -r password; stty echo; echo >&2
else
    read -r password
fi
[ ${#password} -ge 8 ] || { echo "add-vpn-user: use a password of at least 8 characters" >&2; exit 1; }
admin=$(mktemp /run/slapd/admin.XXXXXX)
trap 'rm -f "$admin"' EXIT
read_secret ldap_admin_password LDAP_ADMIN_PASSWORD > "$admin"
last=$(ldapsearch -x -LLL -H ldapi:/// -D "cn=admin,$LDAP_BASE" -y "$admin" -b "ou=people,$LDAP_BASE" \
    '(objectClass=posixAccount)' uidNumber | sed -n 's/^uidNumber: //p' | sort -n | tail -n 1)
{
    user_ldif "$name" "$password" $(( ${last:-10000} + 1 ))
    [ "${2:-}" = --no-group ] || member_ldif "$name"
} | ldapmodify -a -x -H ldapi:/// -D "cn=admin,$LDAP_BASE" -y "$admin" >/dev/null
echo "added $name${2:+ (not in vpnusers)}"
