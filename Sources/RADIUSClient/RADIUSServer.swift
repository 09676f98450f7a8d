import IKECrypto
import IKEWire

/// One RADIUS server the client may send to: where it listens, the secret
/// it shares with us (RFC 2865 §3) and its place in the failover order.
///
/// Equal servers have equal address, port, priority and secret (the secret
/// compared in constant time); the hash leaves the secret out, which keeps
/// it consistent with equality without feeding the secret to a hasher.
public struct RADIUSServer: Sendable, Hashable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16
    public var secret: SecretBytes
    /// Lower is preferred; servers of equal priority keep their list order.
    public var priority: Int

    public init(address: IPAddress, port: UInt16, secret: SecretBytes, priority: Int = 0) {
        self.address = address
        self.port = port
        self.secret = secret
        self.priority = priority
    }

    /// "203.0.113.10:1812" or "[2001:db8::10]:1812": never the secret, so
    /// a server can go into logs and errors as it is.
    public var description: String {
        switch address {
        case .v4: "\(address):\(port)"
        case .v6: "[\(address)]:\(port)"
        }
    }

    public static func == (lhs: RADIUSServer, rhs: RADIUSServer) -> Bool {
        lhs.address == rhs.address && lhs.port == rhs.port && lhs.priority == rhs.priority && lhs.secret == rhs.secret
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(port)
        hasher.combine(priority)
    }
}
