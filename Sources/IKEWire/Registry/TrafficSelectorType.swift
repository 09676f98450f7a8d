/// Traffic selector types (RFC 7296 §3.13.1, IANA "IKEv2 Traffic Selector Types").
public struct TrafficSelectorType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// TS_IPV4_ADDR_RANGE: two IPv4 addresses bounding a range.
    public static let ipv4AddressRange = TrafficSelectorType(rawValue: 7)
    /// TS_IPV6_ADDR_RANGE: two IPv6 addresses bounding a range.
    public static let ipv6AddressRange = TrafficSelectorType(rawValue: 8)

    public static let registeredNames: [UInt8: String] = [
        7: "TS_IPV4_ADDR_RANGE", 8: "TS_IPV6_ADDR_RANGE", 9: "TS_FC_ADDR_RANGE", 10: "TS_SECLABEL",
    ]
    public static let unnamedPrefix = "TS"
}
