import IKEWire

/// An address prefix of a selector (`192.0.2.0/24`, `2001:db8::/32`).
///
/// The kernel compares under the mask, so bits beyond the prefix length do
/// not matter to it; they are kept as given, as iproute2 does, so that what
/// `ip xfrm policy` lists is what was installed.
public struct XFRMPrefix: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    /// 0...32 for IPv4, 0...128 for IPv6.
    public let length: UInt8

    public init(_ address: IPAddress, length: Int) throws(XFRMError) {
        let family = XFRMFamily(of: address)
        guard (0...family.bitWidth).contains(length) else {
            throw .invalidArgument("prefix length \(length) for \(address)")
        }
        self.address = address
        self.length = UInt8(length)
    }

    /// The whole address space of `family` (0.0.0.0/0 or ::/0).
    public static func any(_ family: XFRMFamily) -> XFRMPrefix {
        let address: IPAddress = family == .ipv4 ? .v4(.any) : .v6(.any)
        return XFRMPrefix(uncheckedAddress: address, length: 0)
    }

    /// A single host (/32 or /128).
    public static func host(_ address: IPAddress) -> XFRMPrefix {
        XFRMPrefix(uncheckedAddress: address, length: UInt8(XFRMFamily(of: address).bitWidth))
    }

    private init(uncheckedAddress address: IPAddress, length: UInt8) {
        self.address = address
        self.length = length
    }

    public var family: XFRMFamily { XFRMFamily(of: address) }

    public var description: String { "\(address)/\(length)" }
}
