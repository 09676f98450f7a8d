#!/bin/sh
# Entry point of the FreeRADIUS image: the shared secret and the directory's
# service password come from Docker secrets (or the environment) into the
# variables the configuration reads with $ENV{}, then FreeRADIUS runs in
# the foreground, logging to standard output.
#
# Environment: RADIUS_CLIENT (the gateway's address, or a prefix), LDAP_SERVER
# (openldap), LDAP_BASE (dc=example,dc=com). Secrets (files in /run/secrets,
# or the variables in brackets): radius_secret (RADIUS_SECRET),
# ldap_service_password (LDAP_SERVICE_PASSWORD).
set -eu

. /usr/local/lib/gatehouse/read-secret.sh

RADIUS_SECRET=$(read_secret radius_secret RADIUS_SECRET)
LDAP_SERVICE_PASSWORD=$(read_secret ldap_service_password LDAP_SERVICE_PASSWORD)
: "${RADIUS_CLIENT:?set RADIUS_CLIENT to the gateway address (or prefix) FreeRADIUS answers}"
export RADIUS_SECRET LDAP_SERVICE_PASSWORD RADIUS_CLIENT
export LDAP_SERVER="${LDAP_SERVER:-openldap}" LDAP_BASE="${LDAP_BASE:-dc=example,dc=com}"
exec freeradius -f -l stdout "$@"
