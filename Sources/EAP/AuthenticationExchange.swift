import IKECrypto
import IKEWire

/// A step of EAP authentication the IKE engine hands to the authentication
/// service (local EAP-MSCHAPv2, later a RADIUS relay). The engine itself only
/// frames EAP: it asks for the identity (Windows requires that first), relays
/// the peer's Responses and never decides a password.
public struct AuthenticationRequest: Hashable, Sendable {
    /// What the service should do.
    public enum Step: Hashable, Sendable {
        /// Start a method for this EAP identity; its first Request must use
        /// `nextIdentifier`.
        case start(identity: [UInt8], nextIdentifier: UInt8)
        /// The peer's Response to the service's last Request.
        case response(EAPMessage)
        /// The SA is gone; the service can drop the session.
        case abandon
    }

    /// The IKE SA (our SPI) the authentication belongs to.
    public let spi: UInt64
    /// The peer's address, for throttling and logs.
    public let peer: IPAddress
    /// What to do.
    public let step: Step

    public init(spi: UInt64, peer: IPAddress, step: Step) {
        self.spi = spi
        self.peer = peer
        self.step = step
    }
}

/// The authentication service's answer to an ``AuthenticationRequest``.
public struct AuthenticationAnswer: Sendable {
    /// The outcome.
    public enum Result: Sendable {
        /// Send this EAP Request to the peer.
        case request(EAPMessage)
        /// The peer is authenticated. The MSK keys the final AUTH payloads
        /// (RFC 7296 §2.16).
        case success(msk: SecretBytes, authorization: Authorization)
        /// Authentication failed; the reason is for logs only.
        case failure(reason: String)
    }

    /// The IKE SA (our SPI).
    public let spi: UInt64
    /// The outcome.
    public let result: Result

    public init(spi: UInt64, result: Result) {
        self.spi = spi
        self.result = result
    }
}

/// What an authenticated user may have: the name used for leases and logs,
/// and the address it must get, if the credential store says so.
public struct Authorization: Hashable, Sendable {
    /// The user name after normalisation (`CORP\alice` → `alice`).
    public var userName: String
    /// A fixed address (e.g. RADIUS Framed-IP-Address), overriding the pool.
    public var staticAddress: IPv4Address?
    /// The named pool the user's addresses come from (a certificate rule,
    /// RADIUS Framed-Pool); nil for the default pool.
    public var pool: String?

    public init(userName: String, staticAddress: IPv4Address? = nil, pool: String? = nil) {
        self.userName = userName
        self.staticAddress = staticAddress
        self.pool = pool
    }
}
