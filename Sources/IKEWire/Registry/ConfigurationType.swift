/// CP payload configuration types (RFC 7296 §3.15).
public struct ConfigurationType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// CFG_REQUEST.
    public static let request = ConfigurationType(rawValue: 1)
    /// CFG_REPLY.
    public static let reply = ConfigurationType(rawValue: 2)
    /// CFG_SET.
    public static let set = ConfigurationType(rawValue: 3)
    /// CFG_ACK.
    public static let ack = ConfigurationType(rawValue: 4)

    public static let registeredNames: [UInt8: String] = [1: "CFG_REQUEST", 2: "CFG_REPLY", 3: "CFG_SET", 4: "CFG_ACK"]
    public static let unnamedPrefix = "CFG"
}
