/// Sizes and field offsets of the netlink and XFRM structures, from
/// <linux/netlink.h> and <linux/xfrm.h> as the C compiler lays them out on
/// x86_64 (linux-libc-dev 6.1, gcc 12). Every value here was printed by
/// Tests/CrossChecks/xfrm_layout.c, and XFRMTests compiles and runs that
/// program again and compares it with ``table``, so a wrong number fails a test.
///
/// The layouts hold for LP64 ABIs where `__u64` is 8-aligned (x86_64, arm64).
/// On 32-bit x86 `xfrm_usersa_info` is 220 octets, not 224, and the kernel
/// needs CONFIG_XFRM_USER_COMPAT to translate, so other architectures are
/// refused at compile time rather than sending misaligned structures.
enum XFRMLayout {
    // struct nlmsghdr: 16 octets. len u32 @0, type u16 @4, flags u16 @6, seq u32 @8, pid u32 @12.
    static let headerSize = 16
    static let headerLength = 0, headerType = 4, headerFlags = 6, headerSequence = 8, headerPortID = 12
    // struct nlmsgerr: 20 octets. error int @0, msg (struct nlmsghdr) @4.
    static let errorSize = 20
    static let errorCode = 0, errorMessage = 4
    // struct nlattr: 4 octets. nla_len u16 @0, nla_type u16 @2.
    static let attributeHeaderSize = 4
    // struct sockaddr_nl: 12 octets. nl_family u16 @0, nl_pad u16 @2, nl_pid u32 @4, nl_groups u32 @8.
    static let sockaddrSize = 12
    static let sockaddrFamily = 0, sockaddrPortID = 4, sockaddrGroups = 8

    // xfrm_address_t: 16 octets; an IPv4 address fills the first 4 (a4).
    static let addressSize = 16

    // struct xfrm_selector: 56 octets.
    static let selectorSize = 56
    static let selectorDestination = 0, selectorSource = 16, selectorDestinationPort = 32, selectorDestinationPortMask = 34
    static let selectorSourcePort = 36, selectorSourcePortMask = 38, selectorFamily = 40
    static let selectorDestinationPrefix = 42, selectorSourcePrefix = 43, selectorProtocol = 44
    static let selectorInterface = 48, selectorUser = 52

    // struct xfrm_id: 24 octets. daddr @0, spi (be32) @16, proto u8 @20.
    static let idSize = 24
    static let idDestination = 0, idSPI = 16, idProtocol = 20

    // struct xfrm_lifetime_cfg: 64 octets, eight u64.
    static let lifetimeConfigSize = 64
    static let softByteLimit = 0, hardByteLimit = 8, softPacketLimit = 16, hardPacketLimit = 24
    static let softAddExpires = 32, hardAddExpires = 40, softUseExpires = 48, hardUseExpires = 56

    // struct xfrm_lifetime_cur: 32 octets. bytes @0, packets @8, add_time @16, use_time @24.
    static let lifetimeCurrentSize = 32
    static let currentBytes = 0, currentPackets = 8, currentAddTime = 16, currentUseTime = 24

    // struct xfrm_stats: 12 octets. replay_window @0, replay @4, integrity_failed @8.
    static let statsSize = 12
    static let statsReplayWindow = 0, statsReplay = 4, statsIntegrityFailed = 8

    // struct xfrm_replay_state: 12 octets. oseq @0, seq @4, bitmap @8.
    static let replayStateSize = 12
    static let replayOutbound = 0, replayInbound = 4, replayBitmap = 8

    // struct xfrm_replay_state_esn: 24 octets, then bmp[bmp_len] (u32 each).
    static let replayESNSize = 24
    static let esnBitmapLength = 0, esnOutbound = 4, esnInbound = 8, esnOutboundHigh = 12, esnInboundHigh = 16
    static let esnWindow = 20, esnBitmap = 24

    // struct xfrm_algo: 68 octets, then the key. alg_name[64] @0, alg_key_len (bits) @64, alg_key @68.
    static let algorithmSize = 68
    static let algorithmNameSize = 64
    static let algorithmName = 0, algorithmKeyBits = 64, algorithmKey = 68
    // struct xfrm_algo_auth and struct xfrm_algo_aead: 72 octets, then the key.
    // alg_name @0, alg_key_len @64, alg_trunc_len / alg_icv_len @68, alg_key @72.
    static let algorithmAuthSize = 72
    static let algorithmAEADSize = 72
    static let algorithmAuthName = 0, algorithmAuthKeyBits = 64, algorithmAuthTruncationBits = 68, algorithmAuthKey = 72
    static let algorithmAEADName = 0, algorithmAEADKeyBits = 64, algorithmAEADICVBits = 68, algorithmAEADKey = 72
    /// nla_len is a u16: an attribute holds at most 65535 octets in all.
    static let maximumKeyLength = Int(UInt16.max) - attributeHeaderSize - algorithmAuthSize

    // struct xfrm_encap_tmpl: 24 octets. encap_type u16 @0, sport be16 @2, dport be16 @4, encap_oa @8.
    static let encapsulationSize = 24
    static let encapsulationType = 0, encapsulationSourcePort = 2, encapsulationDestinationPort = 4
    static let encapsulationOriginalAddress = 8

    // struct xfrm_usersa_info: 224 octets.
    static let stateInfoSize = 224
    static let stateSelector = 0, stateID = 56, stateSource = 80, stateLifetime = 96, stateCurrent = 160
    static let stateStats = 192, stateSequence = 204, stateReqid = 208, stateFamily = 212, stateMode = 214
    static let stateReplayWindow = 215, stateFlags = 216

    // struct xfrm_usersa_id: 24 octets. daddr @0, spi (be32) @16, family u16 @20, proto u8 @22.
    static let stateIDSize = 24
    static let stateIDDestination = 0, stateIDSPI = 16, stateIDFamily = 20, stateIDProtocol = 22

    // struct xfrm_userpolicy_info: 168 octets (164 of fields, padded to 8).
    static let policyInfoSize = 168
    static let policySelector = 0, policyLifetime = 56, policyCurrent = 120, policyPriority = 152
    static let policyIndex = 156, policyDirection = 160, policyAction = 161, policyFlags = 162, policyShare = 163

    // struct xfrm_userpolicy_id: 64 octets. sel @0, index @56, dir @60.
    static let policyIDSize = 64
    static let policyIDSelector = 0, policyIDIndex = 56, policyIDDirection = 60

    // struct xfrm_user_tmpl: 64 octets.
    static let templateSize = 64
    static let templateID = 0, templateFamily = 24, templateSource = 28, templateReqid = 44, templateMode = 48
    static let templateShare = 49, templateOptional = 50, templateAuthAlgorithms = 52
    static let templateEncryptionAlgorithms = 56, templateCompressionAlgorithms = 60

    /// Every size and offset under the name Tests/CrossChecks/xfrm_layout.c prints it with.
    static let table: [String: Int] = [
        "sizeof(nlmsghdr)": headerSize, "sizeof(nlmsgerr)": errorSize, "sizeof(nlattr)": attributeHeaderSize,
        "sizeof(sockaddr_nl)": sockaddrSize, "sockaddr_nl.nl_family": sockaddrFamily,
        "sockaddr_nl.nl_pid": sockaddrPortID, "sockaddr_nl.nl_groups": sockaddrGroups,
        "sizeof(xfrm_address_t)": addressSize,
        "sizeof(xfrm_selector)": selectorSize, "xfrm_selector.daddr": selectorDestination,
        "xfrm_selector.saddr": selectorSource, "xfrm_selector.dport": selectorDestinationPort,
        "xfrm_selector.dport_mask": selectorDestinationPortMask, "xfrm_selector.sport": selectorSourcePort,
        "xfrm_selector.sport_mask": selectorSourcePortMask, "xfrm_selector.family": selectorFamily,
        "xfrm_selector.prefixlen_d": selectorDestinationPrefix, "xfrm_selector.prefixlen_s": selectorSourcePrefix,
        "xfrm_selector.proto": selectorProtocol, "xfrm_selector.ifindex": selectorInterface,
        "xfrm_selector.user": selectorUser,
        "sizeof(xfrm_id)": idSize, "xfrm_id.daddr": idDestination, "xfrm_id.spi": idSPI, "xfrm_id.proto": idProtocol,
        "sizeof(xfrm_lifetime_cfg)": lifetimeConfigSize, "xfrm_lifetime_cfg.soft_byte_limit": softByteLimit,
        "xfrm_lifetime_cfg.hard_byte_limit": hardByteLimit, "xfrm_lifetime_cfg.soft_packet_limit": softPacketLimit,
        "xfrm_lifetime_cfg.hard_packet_limit": hardPacketLimit,
        "xfrm_lifetime_cfg.soft_add_expires_seconds": softAddExpires,
        "xfrm_lifetime_cfg.hard_add_expires_seconds": hardAddExpires,
        "xfrm_lifetime_cfg.soft_use_expires_seconds": softUseExpires,
        "xfrm_lifetime_cfg.hard_use_expires_seconds": hardUseExpires,
        "sizeof(xfrm_lifetime_cur)": lifetimeCurrentSize, "xfrm_lifetime_cur.bytes": currentBytes,
        "xfrm_lifetime_cur.packets": currentPackets, "xfrm_lifetime_cur.add_time": currentAddTime,
        "xfrm_lifetime_cur.use_time": currentUseTime,
        "sizeof(xfrm_stats)": statsSize, "xfrm_stats.replay_window": statsReplayWindow,
        "xfrm_stats.replay": statsReplay, "xfrm_stats.integrity_failed": statsIntegrityFailed,
        "sizeof(xfrm_replay_state)": replayStateSize, "xfrm_replay_state.oseq": replayOutbound,
        "xfrm_replay_state.seq": replayInbound, "xfrm_replay_state.bitmap": replayBitmap,
        "sizeof(xfrm_replay_state_esn)": replayESNSize, "xfrm_replay_state_esn.bmp_len": esnBitmapLength,
        "xfrm_replay_state_esn.oseq": esnOutbound, "xfrm_replay_state_esn.seq": esnInbound,
        "xfrm_replay_state_esn.oseq_hi": esnOutboundHigh, "xfrm_replay_state_esn.seq_hi": esnInboundHigh,
        "xfrm_replay_state_esn.replay_window": esnWindow, "xfrm_replay_state_esn.bmp": esnBitmap,
        "sizeof(xfrm_algo)": algorithmSize, "xfrm_algo.alg_name": algorithmName,
        "xfrm_algo.alg_key_len": algorithmKeyBits, "xfrm_algo.alg_key": algorithmKey,
        "sizeof(xfrm_algo_auth)": algorithmAuthSize, "xfrm_algo_auth.alg_name": algorithmAuthName,
        "xfrm_algo_auth.alg_key_len": algorithmAuthKeyBits, "xfrm_algo_auth.alg_trunc_len": algorithmAuthTruncationBits,
        "xfrm_algo_auth.alg_key": algorithmAuthKey,
        "sizeof(xfrm_algo_aead)": algorithmAEADSize, "xfrm_algo_aead.alg_name": algorithmAEADName,
        "xfrm_algo_aead.alg_key_len": algorithmAEADKeyBits, "xfrm_algo_aead.alg_icv_len": algorithmAEADICVBits,
        "xfrm_algo_aead.alg_key": algorithmAEADKey,
        "sizeof(xfrm_encap_tmpl)": encapsulationSize, "xfrm_encap_tmpl.encap_type": encapsulationType,
        "xfrm_encap_tmpl.encap_sport": encapsulationSourcePort, "xfrm_encap_tmpl.encap_dport": encapsulationDestinationPort,
        "xfrm_encap_tmpl.encap_oa": encapsulationOriginalAddress,
        "sizeof(xfrm_usersa_info)": stateInfoSize, "xfrm_usersa_info.sel": stateSelector,
        "xfrm_usersa_info.id": stateID, "xfrm_usersa_info.saddr": stateSource, "xfrm_usersa_info.lft": stateLifetime,
        "xfrm_usersa_info.curlft": stateCurrent, "xfrm_usersa_info.stats": stateStats,
        "xfrm_usersa_info.seq": stateSequence, "xfrm_usersa_info.reqid": stateReqid,
        "xfrm_usersa_info.family": stateFamily, "xfrm_usersa_info.mode": stateMode,
        "xfrm_usersa_info.replay_window": stateReplayWindow, "xfrm_usersa_info.flags": stateFlags,
        "sizeof(xfrm_usersa_id)": stateIDSize, "xfrm_usersa_id.daddr": stateIDDestination,
        "xfrm_usersa_id.spi": stateIDSPI, "xfrm_usersa_id.family": stateIDFamily, "xfrm_usersa_id.proto": stateIDProtocol,
        "sizeof(xfrm_userpolicy_info)": policyInfoSize, "xfrm_userpolicy_info.sel": policySelector,
        "xfrm_userpolicy_info.lft": policyLifetime, "xfrm_userpolicy_info.curlft": policyCurrent,
        "xfrm_userpolicy_info.priority": policyPriority, "xfrm_userpolicy_info.index": policyIndex,
        "xfrm_userpolicy_info.dir": policyDirection, "xfrm_userpolicy_info.action": policyAction,
        "xfrm_userpolicy_info.flags": policyFlags, "xfrm_userpolicy_info.share": policyShare,
        "sizeof(xfrm_userpolicy_id)": policyIDSize, "xfrm_userpolicy_id.sel": policyIDSelector,
        "xfrm_userpolicy_id.index": policyIDIndex, "xfrm_userpolicy_id.dir": policyIDDirection,
        "sizeof(xfrm_user_tmpl)": templateSize, "xfrm_user_tmpl.id": templateID,
        "xfrm_user_tmpl.family": templateFamily, "xfrm_user_tmpl.saddr": templateSource,
        "xfrm_user_tmpl.reqid": templateReqid, "xfrm_user_tmpl.mode": templateMode,
        "xfrm_user_tmpl.share": templateShare, "xfrm_user_tmpl.optional": templateOptional,
        "xfrm_user_tmpl.aalgos": templateAuthAlgorithms, "xfrm_user_tmpl.ealgos": templateEncryptionAlgorithms,
        "xfrm_user_tmpl.calgos": templateCompressionAlgorithms,
    ]
}

#if !(arch(x86_64) || arch(arm64))
#error("XFRMLayout holds the LP64 layouts of <linux/xfrm.h> (x86_64, arm64); check them for this architecture")
#endif
