import IKEEngine
import IKELoopback
import IKEWire

extension LoopbackHandshake {
    /// Throws unless what the network recorded since its last
    /// `removeRecords()` is one complete handshake for `user`: keys on both
    /// sides in the proposal's group, both sides established with the same
    /// virtual address, and one CHILD_SA each side, keyed alike, with the
    /// proposal's ESP algorithms and TSi narrowed to that address.
    func verifyEstablished(user: String) throws(HandshakeFailure) {
        let events = network.events
        let suites = events.compactMap { if case .keysEstablished(_, _, let suite, _) = $0 { suite } else { nil } }
        guard suites.count == 2, suites.allSatisfy({ $0.hasSuffix("/\(proposal.group)") }) else {
            throw HandshakeFailure("IKE_SA_INIT did not agree on \(proposal.group): \(events)")
        }
        let established = events.compactMap { if case .established(_, _, let authorization, let addresses) = $0 { (authorization.userName, addresses) } else { nil } }
        guard established.count == 2, established.allSatisfy({ $0.0 == user }), case .v4(let address)? = established[0].1.first,
              established[0].1.count == 1, established[1].1 == established[0].1 else {
            throw HandshakeFailure("IKE_AUTH did not establish both sides for \(user): \(events)")
        }
        let children = network.installed
        guard children.count == 2, let atGateway = children.first(where: { $0.0 == LoopbackNetwork.gateway })?.1,
              let atClient = children.first(where: { $0.0 == LoopbackNetwork.client })?.1 else {
            throw HandshakeFailure("expected one CHILD_SA on each side, got \(children.count)")
        }
        guard atGateway.inboundSPI == atClient.outboundSPI, atGateway.outboundSPI == atClient.inboundSPI,
              atGateway.inboundEncryptionKey == atClient.outboundEncryptionKey,
              atGateway.outboundEncryptionKey == atClient.inboundEncryptionKey,
              atGateway.encryption == proposal.childEncryption, atGateway.integrity == proposal.childIntegrity,
              atGateway.remoteSelectors == [.ipv4(AddressRangeSelector(start: address, end: address))] else {
            throw HandshakeFailure("CHILD_SAs do not match: \(atGateway.encryption) \(String(describing: atGateway.integrity))")
        }
    }
}
