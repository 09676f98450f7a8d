/// One traffic selector (RFC 7296 §3.13.1).
public enum TrafficSelector: Hashable, Sendable {
    /// TS_IPV4_ADDR_RANGE.
    case ipv4(AddressRangeSelector<IPv4Address>)
    /// TS_IPV6_ADDR_RANGE.
    case ipv6(AddressRangeSelector<IPv6Address>)
    /// A selector type this implementation does not interpret (for example
    /// TS_SECLABEL, RFC 9478). `secondOctet` is the octet after the type and
    /// `data` everything after the Selector Length field.
    case unrecognized(type: TrafficSelectorType, secondOctet: UInt8, data: ArraySlice<UInt8>)

    /// 0.0.0.0–255.255.255.255, any protocol and port: what Windows proposes.
    public static let allIPv4 = TrafficSelector.ipv4(AddressRangeSelector(start: .any, end: .broadcast))
    /// ::–ffff:…:ffff, any protocol and port.
    public static let allIPv6 = TrafficSelector.ipv6(AddressRangeSelector(start: .any, end: .allOnes))

    /// The range, if this is an IPv4 selector.
    public var ipv4Range: AddressRangeSelector<IPv4Address>? { if case .ipv4(let range) = self { range } else { nil } }
    /// The range, if this is an IPv6 selector.
    public var ipv6Range: AddressRangeSelector<IPv6Address>? { if case .ipv6(let range) = self { range } else { nil } }

    /// The TS Type field.
    public var type: TrafficSelectorType {
        switch self {
        case .ipv4: .ipv4AddressRange
        case .ipv6: .ipv6AddressRange
        case .unrecognized(let type, _, _): type
        }
    }

    var encodedLength: Int {
        switch self {
        case .ipv4: 16
        case .ipv6: 40
        case .unrecognized(_, _, let data): 4 + data.count
        }
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(type.rawValue)
        switch self {
        case .ipv4(let selector):
            selector.encodeFields(into: &writer, length: UInt16(encodedLength))
        case .ipv6(let selector):
            selector.encodeFields(into: &writer, length: UInt16(encodedLength))
        case .unrecognized(_, let secondOctet, let data):
            writer.write(secondOctet)
            writer.write(UInt16(encodedLength))
            writer.write(contentsOf: data)
        }
    }

    static func decode(from reader: inout ByteReader) throws(IKEDecodingError) -> TrafficSelector {
        let type = TrafficSelectorType(rawValue: try reader.readUInt8())
        let secondOctet = try reader.readUInt8()
        let length = Int(try reader.readUInt16())
        guard length >= 4 else { throw IKEDecodingError(.invalidField("traffic selector length")) }
        var body = ByteReader(try reader.readBytes(length - 4))
        switch type {
        case .ipv4AddressRange:
            guard length == 16 else { throw IKEDecodingError(.invalidField("IPv4 traffic selector length")) }
            let ports = (try body.readUInt16(), try body.readUInt16())
            guard let start = IPv4Address(bytes: try body.readBytes(4)), let end = IPv4Address(bytes: try body.readBytes(4)) else {
                throw IKEDecodingError(.truncated)
            }
            return .ipv4(AddressRangeSelector(ipProtocol: secondOctet, startPort: ports.0, endPort: ports.1, start: start, end: end))
        case .ipv6AddressRange:
            guard length == 40 else { throw IKEDecodingError(.invalidField("IPv6 traffic selector length")) }
            let ports = (try body.readUInt16(), try body.readUInt16())
            guard let start = IPv6Address(bytes: try body.readBytes(16)), let end = IPv6Address(bytes: try body.readBytes(16)) else {
                throw IKEDecodingError(.truncated)
            }
            return .ipv6(AddressRangeSelector(ipProtocol: secondOctet, startPort: ports.0, endPort: ports.1, start: start, end: end))
        default:
            return .unrecognized(type: type, secondOctet: secondOctet, data: body.readRest())
        }
    }
}

/// An address-range traffic selector: protocol, port range and address range.
///
/// Start and end are kept as received even when start > end; such a selector
/// matches nothing, which is for the engine to judge, not the codec.
public struct AddressRangeSelector<Address: Hashable & Sendable>: Hashable, Sendable {
    /// IP protocol number; 0 means any.
    public var ipProtocol: UInt8
    /// First port; 0 with `endPort` 65535 means any (RFC 7296 §3.13.1).
    public var startPort: UInt16
    /// Last port.
    public var endPort: UInt16
    /// First address of the range.
    public var start: Address
    /// Last address of the range.
    public var end: Address

    public init(ipProtocol: UInt8 = 0, startPort: UInt16 = 0, endPort: UInt16 = 65535, start: Address, end: Address) {
        self.ipProtocol = ipProtocol
        self.startPort = startPort
        self.endPort = endPort
        self.start = start
        self.end = end
    }

}

extension AddressRangeSelector where Address: WireAddress {
    func encodeFields(into writer: inout ByteWriter, length: UInt16) {
        writer.write(ipProtocol)
        writer.write(length)
        writer.write(startPort)
        writer.write(endPort)
        start.encode(into: &writer)
        end.encode(into: &writer)
    }
}
