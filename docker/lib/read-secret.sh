# read_secret NAME VAR: a secret of the FreeRADIUS and OpenLDAP images, from
# the Docker secret file /run/secrets/NAME, else from the environment
# variable VAR. Without either the caller stops with a message.
read_secret() {
    if [ -r "/run/secrets/$1" ]; then
        # The file's first line: editors and `echo >` add a newline that is
        # not part of the secret.
        head -n 1 "/run/secrets/$1" | tr -d '\r\n'
    elif eval "[ -n \"\${$2:-}\" ]"; then
        eval "printf '%s' \"\$$2\""
    else
        echo "no secret $1 (/run/secrets/$1) and no $2 in the environment" >&2
        return 1
    fi
}
