/// Transform type 5 (ESN) IDs (RFC 7296 §3.3.2).
public struct ExtendedSequenceNumbersID: IKERegistryValue {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// 32-bit sequence numbers only.
    public static let disabled = ExtendedSequenceNumbersID(rawValue: 0)
    /// 64-bit extended sequence numbers (RFC 4303 §2.2.1).
    public static let enabled = ExtendedSequenceNumbersID(rawValue: 1)

    public static let registeredNames: [UInt16: String] = [0: "NO_EXT_SEQ", 1: "EXT_SEQ"]
    public static let unnamedPrefix = "ESN"
}
