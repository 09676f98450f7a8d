import IKECrypto
import IKEWire

/// A request to the kernel's XFRM netlink interface, encoded without any
/// system call so tests compare it with what iproute2 sends.
public enum XFRMRequest: Sendable, CustomStringConvertible {
    /// XFRM_MSG_NEWSA: install a state; EEXIST if one with the same
    /// destination, SPI and protocol exists.
    case newSA(XFRMState)
    /// XFRM_MSG_DELSA for the ESP state with this SPI (host order) and destination.
    case deleteSA(spi: UInt32, destination: IPAddress)
    /// XFRM_MSG_GETSA: the kernel answers with the state as an XFRM_MSG_NEWSA.
    case getSA(spi: UInt32, destination: IPAddress)
    /// XFRM_MSG_NEWPOLICY: install a policy; EEXIST if one with the same
    /// selector and direction exists.
    case newPolicy(XFRMPolicy)
    /// XFRM_MSG_DELPOLICY for the policy with this selector and direction.
    case deletePolicy(XFRMPolicy)

    /// The netlink message type.
    public var messageType: UInt16 {
        switch self {
        case .newSA: XFRMKernel.messageNewSA
        case .deleteSA: XFRMKernel.messageDeleteSA
        case .getSA: XFRMKernel.messageGetSA
        case .newPolicy: XFRMKernel.messageNewPolicy
        case .deletePolicy: XFRMKernel.messageDeletePolicy
        }
    }

    /// NLM_F_REQUEST, with NLM_F_ACK for requests whose only answer is
    /// success or failure. XFRM_MSG_GETSA is answered by the state itself or
    /// an error, so it asks for no acknowledgement (iproute2 neither).
    /// NLM_F_CREATE and NLM_F_EXCL are not needed: the kernel decides by the
    /// message type whether an existing entry is an error (NEWSA/NEWPOLICY) or
    /// replaced (UPDSA/UPDPOLICY), see xfrm_add_sa and xfrm_add_policy in
    /// net/xfrm/xfrm_user.c.
    public var flags: UInt16 {
        if case .getSA = self { return Netlink.flagRequest }
        return Netlink.flagRequest | Netlink.flagAck
    }

    /// The message with `sequence` and `portID` (0: the kernel fills in the
    /// sender's port) in its header.
    ///
    /// The result is `SecretBytes` because XFRM_MSG_NEWSA carries the keys:
    /// the buffer is wiped when released. Other requests hold no secrets but
    /// share the type so callers handle every request the same way.
    public func encoded(sequence: UInt32, portID: UInt32 = 0) -> SecretBytes {
        var buffer = NetlinkBuffer(length: length)
        buffer.storeHeader(type: messageType, flags: flags, sequence: sequence, portID: portID)
        let body = XFRMLayout.headerSize
        switch self {
        case .newSA(let state):
            Self.store(state, into: &buffer, at: body)
        case .deleteSA(let spi, let destination), .getSA(let spi, let destination):
            Self.storeStateID(spi: spi, destination: destination, into: &buffer, at: body)
        case .newPolicy(let policy):
            Self.store(policy, into: &buffer, at: body)
        case .deletePolicy(let policy):
            Self.store(selector: policy.selector, into: &buffer, at: body + XFRMLayout.policyIDSelector)
            buffer.storeHost(policy.direction.rawValue, at: body + XFRMLayout.policyIDDirection)
        }
        return SecretBytes(buffer.bytes)
    }

    /// The message length, computed before writing so the buffer is allocated once.
    var length: Int {
        let body: Int
        switch self {
        case .newSA(let state):
            body = XFRMLayout.stateInfoSize + Self.attributeLengths(of: state).reduce(0) { $0 + NetlinkBuffer.attributeSpace($1) }
        case .deleteSA, .getSA:
            body = XFRMLayout.stateIDSize
        case .newPolicy:
            body = XFRMLayout.policyInfoSize + NetlinkBuffer.attributeSpace(XFRMLayout.templateSize)
        case .deletePolicy:
            body = XFRMLayout.policyIDSize
        }
        return XFRMLayout.headerSize + body
    }

    public var description: String {
        switch self {
        case .newSA(let state): "XFRM_MSG_NEWSA \(state)"
        case .deleteSA(let spi, let destination): "XFRM_MSG_DELSA esp spi 0x\(String(spi, radix: 16)) dst \(destination)"
        case .getSA(let spi, let destination): "XFRM_MSG_GETSA esp spi 0x\(String(spi, radix: 16)) dst \(destination)"
        case .newPolicy(let policy): "XFRM_MSG_NEWPOLICY \(policy)"
        case .deletePolicy(let policy): "XFRM_MSG_DELPOLICY \(policy.selector) dir \(policy.direction)"
        }
    }

    // MARK: States

    /// Payload lengths of the state's attributes, in the order ``store(_:into:at:)`` writes them.
    private static func attributeLengths(of state: XFRMState) -> [Int] {
        var lengths: [Int] = []
        switch state.cipher {
        case .encryptionAndAuthentication(let encryption, let authentication):
            lengths.append(XFRMLayout.algorithmSize + encryption.key.count)
            lengths.append(XFRMLayout.algorithmAuthSize + authentication.key.count)
        case .aead(let aead):
            lengths.append(XFRMLayout.algorithmAEADSize + aead.key.count)
        }
        if state.encapsulation != nil { lengths.append(XFRMLayout.encapsulationSize) }
        if state.usesReplayESNAttribute { lengths.append(XFRMLayout.replayESNSize + 4 * state.replayBitmapWords) }
        return lengths
    }

    /// struct xfrm_usersa_info, then the algorithms (cipher before integrity,
    /// as iproute2 and strongSwan send them), the encapsulation and the
    /// replay state. The kernel reads attributes by type, so their order does
    /// not matter to it.
    private static func store(_ state: XFRMState, into buffer: inout NetlinkBuffer, at offset: Int) {
        if let selector = state.selector {
            store(selector: selector, into: &buffer, at: offset + XFRMLayout.stateSelector)
        }
        let id = offset + XFRMLayout.stateID
        buffer.store(address: state.destination, at: id + XFRMLayout.idDestination)
        buffer.storeNetwork(state.spi, at: id + XFRMLayout.idSPI)
        buffer.storeHost(XFRMState.protocolESP, at: id + XFRMLayout.idProtocol)
        buffer.store(address: state.source, at: offset + XFRMLayout.stateSource)
        store(state.lifetime, into: &buffer, at: offset + XFRMLayout.stateLifetime)
        buffer.storeHost(state.reqid, at: offset + XFRMLayout.stateReqid)
        buffer.storeHost(state.family.rawValue, at: offset + XFRMLayout.stateFamily)
        buffer.storeHost(XFRMState.modeTunnel, at: offset + XFRMLayout.stateMode)
        // The kernel refuses a legacy window next to XFRMA_REPLAY_ESN_VAL
        // ("ESN not compatible with legacy replay_window", verify_replay).
        if !state.usesReplayESNAttribute {
            buffer.storeHost(UInt8(state.replayWindow), at: offset + XFRMLayout.stateReplayWindow)
        }
        if state.extendedSequenceNumbers {
            buffer.storeHost(XFRMKernel.stateFlagESN, at: offset + XFRMLayout.stateFlags)
        }

        var next = offset + XFRMLayout.stateInfoSize
        switch state.cipher {
        case .encryptionAndAuthentication(let encryption, let authentication):
            let crypt = buffer.storeAttributeHeader(type: XFRMKernel.attributeCrypt,
                                                    payloadLength: XFRMLayout.algorithmSize + encryption.key.count, at: next)
            buffer.store(name: encryption.name, at: crypt + XFRMLayout.algorithmName)
            buffer.storeHost(UInt32(encryption.key.count * 8), at: crypt + XFRMLayout.algorithmKeyBits)
            buffer.store(secret: encryption.key, at: crypt + XFRMLayout.algorithmKey)
            next += NetlinkBuffer.attributeSpace(XFRMLayout.algorithmSize + encryption.key.count)

            let auth = buffer.storeAttributeHeader(type: XFRMKernel.attributeAuthTrunc,
                                                   payloadLength: XFRMLayout.algorithmAuthSize + authentication.key.count, at: next)
            buffer.store(name: authentication.name, at: auth + XFRMLayout.algorithmAuthName)
            buffer.storeHost(UInt32(authentication.key.count * 8), at: auth + XFRMLayout.algorithmAuthKeyBits)
            buffer.storeHost(authentication.truncationBits, at: auth + XFRMLayout.algorithmAuthTruncationBits)
            buffer.store(secret: authentication.key, at: auth + XFRMLayout.algorithmAuthKey)
            next += NetlinkBuffer.attributeSpace(XFRMLayout.algorithmAuthSize + authentication.key.count)
        case .aead(let aead):
            let payload = buffer.storeAttributeHeader(type: XFRMKernel.attributeAEAD,
                                                      payloadLength: XFRMLayout.algorithmAEADSize + aead.key.count, at: next)
            buffer.store(name: aead.name, at: payload + XFRMLayout.algorithmAEADName)
            buffer.storeHost(UInt32(aead.key.count * 8), at: payload + XFRMLayout.algorithmAEADKeyBits)
            buffer.storeHost(aead.icvBits, at: payload + XFRMLayout.algorithmAEADICVBits)
            buffer.store(secret: aead.key, at: payload + XFRMLayout.algorithmAEADKey)
            next += NetlinkBuffer.attributeSpace(XFRMLayout.algorithmAEADSize + aead.key.count)
        }

        if let encapsulation = state.encapsulation {
            let payload = buffer.storeAttributeHeader(type: XFRMKernel.attributeEncap,
                                                      payloadLength: XFRMLayout.encapsulationSize, at: next)
            buffer.storeHost(XFRMEncapsulation.espInUDP, at: payload + XFRMLayout.encapsulationType)
            buffer.storeNetwork(encapsulation.sourcePort, at: payload + XFRMLayout.encapsulationSourcePort)
            buffer.storeNetwork(encapsulation.destinationPort, at: payload + XFRMLayout.encapsulationDestinationPort)
            next += NetlinkBuffer.attributeSpace(XFRMLayout.encapsulationSize)
        }

        if state.usesReplayESNAttribute {
            // struct xfrm_replay_state_esn with a zeroed bitmap of bmp_len
            // words. iproute2 sends the header alone, which the kernel also
            // accepts; the whole structure is what strongSwan sends and what
            // <linux/xfrm.h> describes.
            let words = state.replayBitmapWords
            let payload = buffer.storeAttributeHeader(type: XFRMKernel.attributeReplayESN,
                                                      payloadLength: XFRMLayout.replayESNSize + 4 * words, at: next)
            buffer.storeHost(UInt32(words), at: payload + XFRMLayout.esnBitmapLength)
            buffer.storeHost(state.replayWindow, at: payload + XFRMLayout.esnWindow)
            next += NetlinkBuffer.attributeSpace(XFRMLayout.replayESNSize + 4 * words)
        }
    }

    /// struct xfrm_usersa_id: the ESP state with `spi` towards `destination`.
    /// No XFRMA_SRCADDR: for SPI-carrying protocols the kernel looks states up
    /// by destination, SPI and protocol only (xfrm_user_state_lookup in
    /// net/xfrm/xfrm_user.c).
    private static func storeStateID(spi: UInt32, destination: IPAddress, into buffer: inout NetlinkBuffer, at offset: Int) {
        buffer.store(address: destination, at: offset + XFRMLayout.stateIDDestination)
        buffer.storeNetwork(spi, at: offset + XFRMLayout.stateIDSPI)
        buffer.storeHost(XFRMFamily(of: destination).rawValue, at: offset + XFRMLayout.stateIDFamily)
        buffer.storeHost(XFRMState.protocolESP, at: offset + XFRMLayout.stateIDProtocol)
    }

    // MARK: Policies

    /// struct xfrm_userpolicy_info and one XFRMA_TMPL. Lifetimes unlimited,
    /// index 0 (the kernel assigns one), action allow, no flags, as iproute2.
    private static func store(_ policy: XFRMPolicy, into buffer: inout NetlinkBuffer, at offset: Int) {
        store(selector: policy.selector, into: &buffer, at: offset + XFRMLayout.policySelector)
        store(XFRMLifetime.unlimited, into: &buffer, at: offset + XFRMLayout.policyLifetime)
        buffer.storeHost(policy.priority, at: offset + XFRMLayout.policyPriority)
        buffer.storeHost(policy.direction.rawValue, at: offset + XFRMLayout.policyDirection)
        buffer.storeHost(XFRMKernel.policyAllow, at: offset + XFRMLayout.policyAction)

        let template = buffer.storeAttributeHeader(type: XFRMKernel.attributeTemplate, payloadLength: XFRMLayout.templateSize,
                                                   at: offset + XFRMLayout.policyInfoSize)
        let id = template + XFRMLayout.templateID
        buffer.store(address: policy.template.destination, at: id + XFRMLayout.idDestination)
        buffer.storeHost(XFRMState.protocolESP, at: id + XFRMLayout.idProtocol)
        buffer.storeHost(policy.template.family.rawValue, at: template + XFRMLayout.templateFamily)
        buffer.store(address: policy.template.source, at: template + XFRMLayout.templateSource)
        buffer.storeHost(policy.template.reqid, at: template + XFRMLayout.templateReqid)
        buffer.storeHost(XFRMState.modeTunnel, at: template + XFRMLayout.templateMode)
        // Any algorithm the state negotiated is acceptable: the bit masks are
        // all ones, as iproute2 and strongSwan set them (the IKE proposal,
        // not the policy, restricts algorithms).
        buffer.storeHost(UInt32.max, at: template + XFRMLayout.templateAuthAlgorithms)
        buffer.storeHost(UInt32.max, at: template + XFRMLayout.templateEncryptionAlgorithms)
        buffer.storeHost(UInt32.max, at: template + XFRMLayout.templateCompressionAlgorithms)
    }

    /// struct xfrm_selector. A port is matched exactly (mask 0xffff) or not at all.
    private static func store(selector: XFRMSelector, into buffer: inout NetlinkBuffer, at offset: Int) {
        buffer.store(address: selector.destination.address, at: offset + XFRMLayout.selectorDestination)
        buffer.store(address: selector.source.address, at: offset + XFRMLayout.selectorSource)
        if let port = selector.destinationPort {
            buffer.storeNetwork(port, at: offset + XFRMLayout.selectorDestinationPort)
            buffer.storeNetwork(UInt16.max, at: offset + XFRMLayout.selectorDestinationPortMask)
        }
        if let port = selector.sourcePort {
            buffer.storeNetwork(port, at: offset + XFRMLayout.selectorSourcePort)
            buffer.storeNetwork(UInt16.max, at: offset + XFRMLayout.selectorSourcePortMask)
        }
        buffer.storeHost(selector.family.rawValue, at: offset + XFRMLayout.selectorFamily)
        buffer.storeHost(selector.destination.length, at: offset + XFRMLayout.selectorDestinationPrefix)
        buffer.storeHost(selector.source.length, at: offset + XFRMLayout.selectorSourcePrefix)
        buffer.storeHost(selector.ipProtocol, at: offset + XFRMLayout.selectorProtocol)
    }

    /// struct xfrm_lifetime_cfg; the use-expire times stay 0 (none).
    private static func store(_ lifetime: XFRMLifetime, into buffer: inout NetlinkBuffer, at offset: Int) {
        buffer.storeHost(lifetime.softByteLimit, at: offset + XFRMLayout.softByteLimit)
        buffer.storeHost(lifetime.hardByteLimit, at: offset + XFRMLayout.hardByteLimit)
        buffer.storeHost(lifetime.softPacketLimit, at: offset + XFRMLayout.softPacketLimit)
        buffer.storeHost(lifetime.hardPacketLimit, at: offset + XFRMLayout.hardPacketLimit)
        buffer.storeHost(lifetime.softAddExpiresSeconds, at: offset + XFRMLayout.softAddExpires)
        buffer.storeHost(lifetime.hardAddExpiresSeconds, at: offset + XFRMLayout.hardAddExpires)
    }
}
