#!/bin/sh
# Entry point of the Gatehouse image. `run` (the default command): on the
# first start, when the state volume holds no gateway certificate, creates a
# CA and the certificate with `gatehouse pki` for the names clients dial and
# prints what to do on Windows clients; checks the configuration; then runs
# the gateway in the foreground. Any other arguments run that gatehouse
# command (status, list-sas, pki ..., windows-setup).
#
# Environment: GATEHOUSE_CONFIG (/etc/gatehouse/gatehouse.yaml),
# GATEHOUSE_SERVER_NAME (the DNS name clients dial; the configuration's
# gateway.identity reads it too), GATEHOUSE_SERVER_ADDRESSES (further names or
# public addresses for the certificate, space-separated).
set -eu
config=${GATEHOUSE_CONFIG:-/etc/gatehouse/gatehouse.yaml}
certs=/var/lib/gatehouse/certs

[ "${1:-run}" = run ] || exec gatehouse "$@"

if [ ! -e "$certs/gateway.pem" ]; then
    name=${GATEHOUSE_SERVER_NAME:?set GATEHOUSE_SERVER_NAME to the DNS name clients dial}
    mkdir -p "$certs"
    chmod 0700 "$certs"
    # A CA of the admin's own, put into the volume beforehand, is kept.
    [ -e "$certs/ca.pem" ] || gatehouse pki init --dir "$certs"
    # shellcheck disable=SC2086  # one argument per name
    gatehouse pki server --dir "$certs" "$name" ${GATEHOUSE_SERVER_ADDRESSES:-}
    first_start=yes
fi
gatehouse check-config "$config"
if [ -n "${first_start:-}" ]; then
    gatehouse windows-setup --config "$config"
fi
exec gatehouse run --config "$config"
