/// IKEv2 exchange types (RFC 7296 §3.1, IANA "IKEv2 Exchange Types").
public struct ExchangeType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// IKE_SA_INIT: negotiates the IKE SA's algorithms and exchanges nonces and KE (RFC 7296 §1.2).
    public static let ikeSAInit = ExchangeType(rawValue: 34)
    /// IKE_AUTH: authenticates the peers and creates the first CHILD_SA (RFC 7296 §1.2).
    public static let ikeAuth = ExchangeType(rawValue: 35)
    /// CREATE_CHILD_SA: new or rekeyed CHILD_SAs, and IKE SA rekeying (RFC 7296 §1.3).
    public static let createChildSA = ExchangeType(rawValue: 36)
    /// INFORMATIONAL: deletes, errors, liveness checks, MOBIKE updates (RFC 7296 §1.4).
    public static let informational = ExchangeType(rawValue: 37)
    /// IKE_SESSION_RESUME (RFC 5723).
    public static let ikeSessionResume = ExchangeType(rawValue: 38)
    /// IKE_INTERMEDIATE (RFC 9242).
    public static let ikeIntermediate = ExchangeType(rawValue: 43)
    /// IKE_FOLLOWUP_KE (RFC 9370).
    public static let ikeFollowupKE = ExchangeType(rawValue: 44)

    public static let registeredNames: [UInt8: String] = [
        34: "IKE_SA_INIT", 35: "IKE_AUTH", 36: "CREATE_CHILD_SA", 37: "INFORMATIONAL",
        38: "IKE_SESSION_RESUME", 39: "GSA_AUTH", 40: "GSA_REGISTRATION", 41: "GSA_REKEY",
        43: "IKE_INTERMEDIATE", 44: "IKE_FOLLOWUP_KE",
    ]
    public static let unnamedPrefix = "EXCHANGE"
}
