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
    /// Our address the peer reached (RADIUS Called-Station-Id and the
    /// default NAS-IP-Address); nil where the caller does not know it.
    public let local: IPAddress?
    /// What to do.
    public let step: Step

    public init(spi: UInt64, peer: IPAddress, local: IPAddress? = nil, step: Step) {
        self.spi = spi
        self.peer = peer
        self.local = local
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
        /// (RFC 7296 §2.16); nil for a method that generates no key (EAP-GTC),
        /// whose AUTH payloads are keyed with SK_pi (the peer's) and SK_pr
        /// (ours) instead.
        case success(msk: SecretBytes?, authorization: Authorization)
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

/// What an authenticated user may have, from whichever source checked the
/// credentials (the local file, a certificate rule, a RADIUS Access-Accept):
/// the name used for leases and logs, addresses, pool, policy, DNS, how long
/// the session may last, and what accounting echoes.
public struct Authorization: Hashable, Sendable {
    /// The user name after normalisation (`CORP\alice` → `alice`).
    public var userName: String
    /// A fixed address (e.g. RADIUS Framed-IP-Address), overriding the pool.
    public var staticAddress: IPv4Address?
    /// A fixed IPv6 address (RADIUS Framed-IPv6-Address, RFC 6911 §3.1).
    public var staticAddress6: IPv6Address?
    /// The named pool the user's addresses come from (a certificate rule,
    /// RADIUS Framed-Pool); nil for the default pool.
    public var pool: String?
    /// A configured user policy by name (RADIUS Filter-Id): which subnets
    /// the tunnel reaches. Nil: the gateway's network settings.
    public var policy: String?
    /// DNS servers for this user (Microsoft's MS-Primary/Secondary-DNS-
    /// Server, RFC 2548 §2.2.x), replacing the configured ones; nil: those.
    public var dnsServers: [IPv4Address]?
    /// How long the session may last (RADIUS Session-Timeout, RFC 2865
    /// §5.27); the SA is deleted when it runs out.
    public var sessionTimeout: Duration?
    /// What accounting echoes or follows: the RADIUS name, Class values and
    /// interim interval from the Access-Accept. The engine ignores them.
    public var accounting: AccountingHints

    public init(userName: String, staticAddress: IPv4Address? = nil, staticAddress6: IPv6Address? = nil, pool: String? = nil,
                policy: String? = nil, dnsServers: [IPv4Address]? = nil, sessionTimeout: Duration? = nil,
                accounting: AccountingHints = AccountingHints()) {
        self.userName = userName
        self.staticAddress = staticAddress
        self.staticAddress6 = staticAddress6
        self.pool = pool
        self.policy = policy
        self.dnsServers = dnsServers
        self.sessionTimeout = sessionTimeout
        self.accounting = accounting
    }
}

/// What RADIUS accounting needs from authentication (RFC 2866): carried
/// with the ``Authorization`` from the Access-Accept to the session's
/// accounting records.
public struct AccountingHints: Hashable, Sendable {
    /// The User-Name for accounting: the Access-Accept's User-Name or the
    /// EAP identity as the client sent it (`CORP\alice`); nil: the
    /// normalised name.
    public var userName: String?
    /// Class attributes, echoed in every accounting record (RFC 2865 §5.25).
    public var classes: [[UInt8]]
    /// Acct-Interim-Interval from the server (RFC 2869 §5.16).
    public var interimInterval: Duration?

    public init(userName: String? = nil, classes: [[UInt8]] = [], interimInterval: Duration? = nil) {
        self.userName = userName
        self.classes = classes
        self.interimInterval = interimInterval
    }
}
