/// Security protocol identifiers used in proposals, notifies and deletes
/// (RFC 7296 §3.3.1, IANA "IKEv2 Security Protocol Identifiers").
public struct ProtocolID: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Zero: a Notify that concerns no particular SA (RFC 7296 §3.10).
    public static let none = ProtocolID(rawValue: 0)
    /// IKE: the IKE SA itself.
    public static let ike = ProtocolID(rawValue: 1)
    /// AH: Authentication Header (RFC 4302).
    public static let ah = ProtocolID(rawValue: 2)
    /// ESP: Encapsulating Security Payload (RFC 4303).
    public static let esp = ProtocolID(rawValue: 3)

    public static let registeredNames: [UInt8: String] = [
        0: "NONE", 1: "IKE", 2: "AH", 3: "ESP", 4: "FC_ESP_HEADER", 5: "FC_CT_AUTHENTICATION",
    ]
    public static let unnamedPrefix = "PROTOCOL"
}
