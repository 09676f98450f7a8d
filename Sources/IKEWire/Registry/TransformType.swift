/// Transform types within a proposal (RFC 7296 §3.3.2, RFC 9370 §2.2.2).
public struct TransformType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// ENCR: encryption algorithm.
    public static let encryption = TransformType(rawValue: 1)
    /// PRF: pseudorandom function.
    public static let pseudorandomFunction = TransformType(rawValue: 2)
    /// INTEG: integrity algorithm.
    public static let integrity = TransformType(rawValue: 3)
    /// KE (formerly D-H): key exchange method, i.e. the Diffie-Hellman group.
    public static let keyExchange = TransformType(rawValue: 4)
    /// ESN: extended sequence numbers.
    public static let extendedSequenceNumbers = TransformType(rawValue: 5)

    public static let registeredNames: [UInt8: String] = [
        1: "ENCR", 2: "PRF", 3: "INTEG", 4: "KE", 5: "ESN",
        6: "ADDKE1", 7: "ADDKE2", 8: "ADDKE3", 9: "ADDKE4", 10: "ADDKE5", 11: "ADDKE6", 12: "ADDKE7",
    ]
    public static let unnamedPrefix = "TRANSFORM_TYPE"
}
