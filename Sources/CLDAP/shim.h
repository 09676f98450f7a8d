// OpenLDAP's libldap (2.5 on Debian 12) for the Directory target.
// Without LDAP_DEPRECATED: only the _ext/_s API that RFC 4511 needs.
#ifndef GATEHOUSE_CLDAP_SHIM_H
#define GATEHOUSE_CLDAP_SHIM_H

#include <sys/time.h>
#include <lber.h>
#include <ldap.h>

// Macros with casts do not import into Swift; these constants carry them.
static const int cldap_scope_base = LDAP_SCOPE_BASE;
static const int cldap_scope_subtree = LDAP_SCOPE_SUBTREE;
static const int cldap_tls_demand = LDAP_OPT_X_TLS_DEMAND;
static const int cldap_tls_hard = LDAP_OPT_X_TLS_HARD;

#endif
