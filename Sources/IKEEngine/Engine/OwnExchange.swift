import IKECrypto
import IKEWire

/// Something the engine wants to ask the peer on an established IKE SA;
/// queued while another request of ours is outstanding (RFC 7296 §2.3).
enum OwnTask: Equatable {
    /// Delete the IKE SA (terminate, supersede, lifetime).
    case deleteIKESA
    /// Delete these CHILD_SAs (our inbound SPIs).
    case deleteChildren([UInt32])
    /// Rekey the CHILD_SA with this inbound SPI.
    case rekeyChild(UInt32)
    /// Rekey the IKE SA.
    case rekeyIKESA
    /// An empty INFORMATIONAL: is the peer alive?
    case liveness
    /// Tell the gateway our addresses changed (MOBIKE, RFC 4555 §3.5; the
    /// engine's own client only).
    case updateAddresses
}

/// The request of ours that is outstanding on an established IKE SA, with
/// what its response needs.
enum OwnExchange {
    case deleteIKESA
    case deleteChildren([UInt32])
    case liveness
    case rekeyChild(ChildRekeyRequest)
    case rekeyIKESA(IKERekeyRequest)
    /// UPDATE_SA_ADDRESSES with this COOKIE2 (RFC 4555 §3.5, §3.8).
    case updateAddresses(cookie: [UInt8])
    /// A request the caller composed (``IKEEngine/send(_:exchange:session:now:)``);
    /// its response is only logged.
    case composed
}

/// Our CREATE_CHILD_SA request that rekeys a CHILD_SA.
struct ChildRekeyRequest {
    /// The CHILD_SA being rekeyed (our inbound SPI).
    let old: UInt32
    /// The new CHILD_SA's inbound SPI, offered in our SA payload.
    let inboundSPI: UInt32
    let nonce: [UInt8]
    /// Our KE for PFS, when the old CHILD_SA had PFS.
    let keyExchange: KeyExchangePrivateKey?
    /// INVALID_KE_PAYLOAD retries so far.
    var restarts = 0
    /// The peer's rekey of the same CHILD_SA, answered while ours was out
    /// (RFC 7296 §2.8.1).
    var collision: RekeyCollision?
}

/// Our CREATE_CHILD_SA request that rekeys the IKE SA.
struct IKERekeyRequest {
    /// Our SPI for the new IKE SA.
    let spi: UInt64
    let nonce: [UInt8]
    let keyExchange: KeyExchangePrivateKey
    var restarts = 0
    /// The peer's rekey of the IKE SA, answered while ours was out (RFC
    /// 7296 §2.8.2); `created` is our SPI of the IKE SA it made.
    var collision: RekeyCollision?
}

/// The peer's exchange in a simultaneous rekey: its two nonces and what it
/// created (a CHILD_SA's inbound SPI, or our SPI of a new IKE SA).
struct RekeyCollision {
    let initiatorNonce: [UInt8]
    let responderNonce: [UInt8]
    let created: UInt64

    /// Whether our exchange made the redundant SA: "the SA created with
    /// the lowest of the four nonces used in the two exchanges SHOULD be
    /// closed by the endpoint that created it" (RFC 7296 §2.8.1), lowest by
    /// octet-wise comparison, a nonce that is a prefix of another being the
    /// lower one, which is Swift's lexicographical order.
    func ourExchangeIsRedundant(ourNonce: [UInt8], peerNonce: [UInt8]) -> Bool {
        lower(ourNonce, peerNonce).lexicographicallyPrecedes(lower(initiatorNonce, responderNonce))
    }

    private func lower(_ first: [UInt8], _ second: [UInt8]) -> [UInt8] {
        second.lexicographicallyPrecedes(first) ? second : first
    }
}
