#!/usr/bin/python3
"""Users, groups, dial-in attributes and the lockout policy of the harness's
AD DC, in one process through Samba's own Python bindings (the same calls
samba-tool makes, ~13 samba-tool runs otherwise). Run by harness.sh in the
DC's context, with the DC stopped:

  populate.py SMB_CONF USERS FRAMED_IP_INT     USERS: "name:password ..."
"""
import sys

from samba.auth import system_session
from samba.param import LoadParm
from samba.samdb import SamDB
import ldb


def main(smbconf, users, framed_ip):
    lp = LoadParm()
    lp.load(smbconf)
    db = SamDB(url=lp.samdb_url(), session_info=system_session(), lp=lp)
    base = str(db.domain_dn())

    # Lockout: threshold 5, duration and observation window 30 min
    # (negative 100 ns intervals, as samba-tool domain passwordsettings writes them).
    thirty_minutes = str(-30 * 60 * 10**7)
    m = ldb.Message(ldb.Dn(db, base))
    m["lockoutThreshold"] = ldb.MessageElement("5", ldb.FLAG_MOD_REPLACE, "lockoutThreshold")
    m["lockoutDuration"] = ldb.MessageElement(thirty_minutes, ldb.FLAG_MOD_REPLACE, "lockoutDuration")
    m["lockOutObservationWindow"] = ldb.MessageElement(thirty_minutes, ldb.FLAG_MOD_REPLACE, "lockOutObservationWindow")
    db.modify(m)

    for pair in users.split():
        name, password = pair.split(":", 1)
        db.newuser(name, password, mailaddress="%s@%s" % (name, lp.get("realm").lower()))
    db.newuser("erin", "Erin-Pass1", force_password_change_at_next_login_req=True)
    db.newgroup("VPN-Users")
    db.newgroup("VPN-Nested")
    db.add_remove_group_members("VPN-Users", ["alice", "VPN-Nested"], add_members_operation=True)
    # frank and bob are members of VPN-Users only through VPN-Nested
    db.add_remove_group_members("VPN-Nested", ["bob", "frank"], add_members_operation=True)
    db.disable_account("(sAMAccountName=carol)")

    def replace(user, **attributes):
        m = ldb.Message(ldb.Dn(db, "CN=%s,CN=Users,%s" % (user, base)))
        for key, value in attributes.items():
            m[key] = ldb.MessageElement(value, ldb.FLAG_MOD_REPLACE, key)
        db.modify(m)

    # msRADIUSFramedIPAddress is a signed int32 (198.18.0.77 -> -971898803)
    replace("alice", msNPAllowDialin="TRUE", msRADIUSFramedIPAddress=framed_ip)
    replace("bob", msNPAllowDialin="FALSE")
    replace("frank", msNPAllowDialin="TRUE")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
