import IKECrypto
import IKEWire

/// NAT detection (RFC 7296 §2.23): each side sends SHA-1(SPIi | SPIr | IP |
/// port) of its own address as NAT_DETECTION_SOURCE_IP and of the address it
/// sends to as NAT_DETECTION_DESTINATION_IP; a mismatch on arrival means a
/// NAT rewrote that address on the way.
enum NATDetection {
    /// What the comparison found.
    struct Result: Hashable, Sendable {
        /// The peer's source address was rewritten: it sits behind a NAT.
        var peerBehindNAT: Bool
        /// Our address was rewritten on the way to the peer: we sit behind a NAT.
        var localBehindNAT: Bool

        var any: Bool { peerBehindNAT || localBehindNAT }
    }

    static func hash(initiatorSPI: UInt64, responderSPI: UInt64, endpoint: Endpoint) throws -> [UInt8] {
        let port: [UInt8] = [UInt8(truncatingIfNeeded: endpoint.port >> 8), UInt8(truncatingIfNeeded: endpoint.port)]
        return try Digest.hash(.sha1, concatenating: [bigEndianBytes(initiatorSPI), bigEndianBytes(responderSPI), endpoint.address.bytes, port])
    }

    /// The two notifies a sender includes; `responderSPI` is zero in the
    /// IKE_SA_INIT request.
    static func notifies(initiatorSPI: UInt64, responderSPI: UInt64, local: Endpoint, remote: Endpoint) throws -> [IKEPayload] {
        [
            .notify(NotifyPayload(type: .natDetectionSourceIP,
                                  data: ArraySlice(try hash(initiatorSPI: initiatorSPI, responderSPI: responderSPI, endpoint: local)))),
            .notify(NotifyPayload(type: .natDetectionDestinationIP,
                                  data: ArraySlice(try hash(initiatorSPI: initiatorSPI, responderSPI: responderSPI, endpoint: remote)))),
        ]
    }

    /// Compares the peer's notifies with the addresses the message actually
    /// travelled between. Nil when the peer sent none (it does not do NAT-T).
    static func evaluate(_ payloads: [IKEPayload], initiatorSPI: UInt64, responderSPI: UInt64,
                         local: Endpoint, remote: Endpoint) throws -> Result? {
        let sources = payloads.notifies.filter { $0.type == .natDetectionSourceIP }
        let destinations = payloads.notifies.filter { $0.type == .natDetectionDestinationIP }
        guard !sources.isEmpty || !destinations.isEmpty else { return nil }
        let remoteHash = try hash(initiatorSPI: initiatorSPI, responderSPI: responderSPI, endpoint: remote)
        let localHash = try hash(initiatorSPI: initiatorSPI, responderSPI: responderSPI, endpoint: local)
        // A multihomed peer may send several source hashes; any match will do.
        return Result(peerBehindNAT: !sources.contains { $0.data.elementsEqual(remoteHash) },
                      localBehindNAT: !destinations.contains { $0.data.elementsEqual(localHash) })
    }
}
