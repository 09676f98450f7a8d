import EAP
import IKEWire

/// A datagram that arrived for IKE: on port 500, or on port 4500 with its
/// non-ESP marker already removed by the runtime.
public struct InboundDatagram: Hashable, Sendable {
    /// Where it arrived (our address and port).
    public var local: Endpoint
    /// Where it came from.
    public var remote: Endpoint
    /// The IKE message.
    public var message: [UInt8]

    public init(local: Endpoint, remote: Endpoint, message: [UInt8]) {
        self.local = local
        self.remote = remote
        self.message = message
    }
}

/// A datagram for the runtime to send. From or to port 4500 it gets the
/// non-ESP marker in front (RFC 3948 §2.2); the runtime adds it.
public struct OutboundDatagram: Hashable, Sendable {
    /// The address and port to send from (the one the peer's request reached).
    public var local: Endpoint
    /// The destination.
    public var remote: Endpoint
    /// The IKE message.
    public var message: [UInt8]

    public init(local: Endpoint, remote: Endpoint, message: [UInt8]) {
        self.local = local
        self.remote = remote
        self.message = message
    }
}

/// What the engine asks its runtime to do.
public enum EngineAction: Sendable {
    /// Send a datagram.
    case send(OutboundDatagram)
    /// Something happened to an IKE SA that operators and later layers care
    /// about (logs, metrics, accounting).
    case event(IKESAEvent)
    /// Run an EAP step in the authentication service and report back through
    /// ``IKEEngine/authenticationAnswered(_:now:)``.
    case authenticate(AuthenticationRequest)
    /// Check a client's certificates and identity, and report back through
    /// ``IKEEngine/certificateVerified(_:now:)``.
    case verifyCertificate(CertificateVerificationRequest)
    /// Install a CHILD_SA in the data plane.
    case installChildSA(ChildSAParameters)
    /// Remove a CHILD_SA of session `ikeSPI` from the data plane (the
    /// session named so that the runtime never removes another session's
    /// SA that happens to have the same SPI).
    case deleteChildSA(inboundSPI: UInt32, ikeSPI: UInt64)
    /// Send a CHILD_SA's ESP to new outer addresses: the peer moved (MOBIKE,
    /// RFC 4555 §3.5) or its NAT mapping changed (RFC 7296 §2.23), and UDP
    /// encapsulation follows the NAT detection.
    case updateChildSA(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool)
    /// Delete the IKE SA `ikeSPI`, held by another shard (its top octet
    /// names which), because a newer SA of the same user replaces it: the
    /// runtime calls that engine's ``IKEEngine/supersede(spi:now:)``.
    case supersede(ikeSPI: UInt64)
}

/// Lifecycle events of IKE SAs. The `spi` of an established SA's events is
/// its session's: the SPI of its first IKE SA, which stays the same across
/// IKE SA rekeys (and is the `ikeSPI` of its CHILD_SAs).
public enum IKESAEvent: Hashable, Sendable {
    /// IKE_SA_INIT completed; keys are derived (no peer is authenticated yet).
    case keysEstablished(spi: UInt64, peer: Endpoint, suite: String, natDetected: Bool)
    /// The peer authenticated and the SA is up, with what it may have
    /// (``Authorization/userName`` is the user).
    case established(spi: UInt64, peer: Endpoint, authorization: Authorization, virtualAddresses: [IPAddress])
    /// Authentication failed; the SA is removed.
    case authenticationFailed(spi: UInt64, peer: Endpoint, user: String?, reason: String)
    /// The SA was removed before it was established.
    case failed(spi: UInt64, peer: Endpoint, reason: String)
    /// An established SA was deleted.
    case deleted(spi: UInt64, peer: Endpoint, user: String, reason: String, cause: SAEndCause)
    /// The session `spi` moved to a new IKE SA by a rekey (RFC 7296 §2.18);
    /// `oldSPI` and `newSPI` are our SPIs of the two IKE SAs.
    case rekeyed(spi: UInt64, peer: Endpoint, oldSPI: UInt64, newSPI: UInt64)
}
