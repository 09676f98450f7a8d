/// Message types, flags and attribute types from <linux/netlink.h> and
/// <linux/xfrm.h> (values checked against linux-libc-dev 6.1).
enum Netlink {
    /// NETLINK_XFRM, the protocol of the socket.
    static let protocolXFRM: Int32 = 6
    /// SOL_NETLINK socket options: NETLINK_CAP_ACK stops the kernel from
    /// echoing a failed request in its error (the echo of XFRM_MSG_NEWSA holds
    /// the keys); NETLINK_EXT_ACK asks for the reason text.
    static let optionCapAck: Int32 = 10
    static let optionExtAck: Int32 = 11

    // nlmsg_flags
    static let flagRequest: UInt16 = 0x01
    static let flagMulti: UInt16 = 0x02
    static let flagAck: UInt16 = 0x04
    static let flagCapped: UInt16 = 0x100
    static let flagAckTLVs: UInt16 = 0x200

    // Control message types (below NLMSG_MIN_TYPE = 0x10).
    static let typeNoop: UInt16 = 1
    static let typeError: UInt16 = 2
    static let typeDone: UInt16 = 3
    static let typeOverrun: UInt16 = 4

    /// enum nlmsgerr_attrs: NLMSGERR_ATTR_MSG, a NUL-terminated string.
    static let errorAttributeMessage: UInt16 = 1
    /// nla_type carries two flag bits above the type (NLA_F_NESTED, NLA_F_NET_BYTEORDER).
    static let attributeTypeMask: UInt16 = 0x3FFF

    /// NLMSG_ALIGN and NLA_ALIGN: 4 octets.
    static func align(_ length: Int) -> Int { (length + 3) & ~3 }
}

/// XFRM message and attribute types (<linux/xfrm.h>).
enum XFRMKernel {
    static let messageNewSA: UInt16 = 0x10
    static let messageDeleteSA: UInt16 = 0x11
    static let messageGetSA: UInt16 = 0x12
    static let messageNewPolicy: UInt16 = 0x13
    static let messageDeletePolicy: UInt16 = 0x14

    // enum xfrm_attr_type_t
    static let attributeAuth: UInt16 = 1
    static let attributeCrypt: UInt16 = 2
    static let attributeEncap: UInt16 = 4
    static let attributeTemplate: UInt16 = 5
    static let attributeLifetimeValue: UInt16 = 9
    static let attributeReplayValue: UInt16 = 10
    static let attributeSourceAddress: UInt16 = 13
    static let attributeLastUsed: UInt16 = 15
    static let attributeAEAD: UInt16 = 18
    static let attributeAuthTrunc: UInt16 = 20
    static let attributeReplayESN: UInt16 = 23

    /// XFRM_STATE_ESN in xfrm_usersa_info.flags.
    static let stateFlagESN: UInt8 = 128
    /// XFRM_POLICY_ALLOW.
    static let policyAllow: UInt8 = 0
}
