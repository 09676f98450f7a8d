/// A number from one of the IANA "Internet Key Exchange Version 2 (IKEv2)
/// Parameters" registries.
///
/// Registries are open: a peer may send values we have no name for (private
/// use ranges, later RFCs), and they must survive decoding unchanged. So each
/// registry is a struct over its raw value with named constants, not a closed
/// enum, and prints its IANA name when it has one.
public protocol IKERegistryValue: RawRepresentable, Hashable, Sendable, CustomStringConvertible
where RawValue: FixedWidthInteger & Sendable {
    /// IANA names of the values this implementation knows, for logs.
    static var registeredNames: [RawValue: String] { get }
    /// Prefix for printing values without a name, e.g. `NOTIFY` gives `NOTIFY(12345)`.
    static var unnamedPrefix: String { get }
}

extension IKERegistryValue {
    /// The IANA name, or the prefix and number for values without one.
    public var description: String {
        Self.registeredNames[rawValue] ?? "\(Self.unnamedPrefix)(\(rawValue))"
    }

    /// Whether this value has a name in ``registeredNames``.
    public var isKnown: Bool { Self.registeredNames[rawValue] != nil }
}
