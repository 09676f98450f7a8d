import IKEWire

/// How the gateway names itself in every record: NAS-Identifier (RFC 2865
/// §5.32), NAS-IP-Address (§5.4), NAS-IPv6-Address (RFC 3162 §2.1) and
/// Called-Station-Id (§5.30: the address clients connect to). RFC 2865 §4.1
/// wants NAS-IP-Address or NAS-Identifier; the identifier is always sent.
public struct NASIdentity: Sendable, Hashable {
    public var identifier: String
    public var ipv4: IPv4Address?
    public var ipv6: IPv6Address?
    public var calledStationID: String?

    public init(identifier: String, ipv4: IPv4Address? = nil, ipv6: IPv6Address? = nil, calledStationID: String? = nil) {
        self.identifier = identifier
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.calledStationID = calledStationID
    }
}
