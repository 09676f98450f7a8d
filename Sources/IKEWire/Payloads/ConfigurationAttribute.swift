/// One attribute of a CP payload (RFC 7296 §3.15.1).
public struct ConfigurationAttribute: Hashable, Sendable, CustomStringConvertible {
    /// The attribute type.
    public var type: ConfigurationAttributeType
    /// The value; empty in a request for "please assign one".
    public var value: ArraySlice<UInt8>

    public init(type: ConfigurationAttributeType, value: ArraySlice<UInt8> = []) {
        self.type = type
        self.value = value
    }

    /// An IPv4-valued attribute (ADDRESS, NETMASK, DNS, NBNS, DHCP).
    public static func ipv4(_ type: ConfigurationAttributeType, _ address: IPv4Address) -> ConfigurationAttribute {
        ConfigurationAttribute(type: type, value: ArraySlice(address.bytes))
    }

    /// INTERNAL_IP6_ADDRESS: address and prefix length (RFC 7296 §3.15.1).
    public static func internalIP6Address(_ address: IPv6Address, prefixLength: UInt8) -> ConfigurationAttribute {
        ConfigurationAttribute(type: .internalIP6Address, value: ArraySlice(address.bytes + [prefixLength]))
    }

    /// INTERNAL_IP6_DNS.
    public static func internalIP6DNS(_ address: IPv6Address) -> ConfigurationAttribute {
        ConfigurationAttribute(type: .internalIP6DNS, value: ArraySlice(address.bytes))
    }

    /// The value as an IPv4 address, when it is four octets.
    public var ipv4Address: IPv4Address? { IPv4Address(bytes: value) }

    /// The value as an IPv6 address (16 octets), ignoring a trailing prefix length.
    public var ipv6Address: IPv6Address? {
        guard value.count == 16 || value.count == 17 else { return nil }
        return IPv6Address(bytes: value.prefix(16))
    }

    /// The prefix length of a 17-octet IPv6 value.
    public var ipv6PrefixLength: UInt8? { value.count == 17 ? value.last : nil }

    public var description: String {
        if let address = ipv4Address { return "\(type)=\(address)" }
        if let address = ipv6Address { return "\(type)=\(address)" + (ipv6PrefixLength.map { "/\($0)" } ?? "") }
        return value.isEmpty ? "\(type)" : "\(type)(\(value.count) octets)"
    }

    var encodedLength: Int { 4 + value.count }

    func encode(into writer: inout ByteWriter) {
        writer.write(type.rawValue)
        writer.write(UInt16(value.count))
        writer.write(contentsOf: value)
    }

    static func decode(from reader: inout ByteReader) throws(IKEDecodingError) -> ConfigurationAttribute {
        // The top bit of the type field is reserved and ignored (RFC 7296 §3.15.1).
        let type = ConfigurationAttributeType(rawValue: try reader.readUInt16())
        let value = try reader.readBytes(Int(try reader.readUInt16()))
        guard type.allowsValueLength(value.count) else {
            throw IKEDecodingError(.invalidField("\(type) length \(value.count)"))
        }
        return ConfigurationAttribute(type: type, value: value)
    }
}
