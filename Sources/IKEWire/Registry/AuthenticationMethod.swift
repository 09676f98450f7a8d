/// AUTH payload methods (RFC 7296 §3.8, IANA "IKEv2 Authentication Method").
public struct AuthenticationMethod: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// RSA Digital Signature: PKCS#1 v1.5 with SHA-1 (Windows' method).
    public static let rsaSignature = AuthenticationMethod(rawValue: 1)
    /// Shared Key Message Integrity Code: PSK, and the MSK-keyed MAC after EAP (RFC 7296 §2.16).
    public static let sharedKeyMIC = AuthenticationMethod(rawValue: 2)
    /// DSS Digital Signature.
    public static let dssSignature = AuthenticationMethod(rawValue: 3)
    /// ECDSA with SHA-256 on P-256 (RFC 4754).
    public static let ecdsaSHA256P256 = AuthenticationMethod(rawValue: 9)
    /// ECDSA with SHA-384 on P-384 (RFC 4754).
    public static let ecdsaSHA384P384 = AuthenticationMethod(rawValue: 10)
    /// ECDSA with SHA-512 on P-521 (RFC 4754).
    public static let ecdsaSHA512P521 = AuthenticationMethod(rawValue: 11)
    /// Generic Secure Password Authentication Method (RFC 6467).
    public static let genericSecurePassword = AuthenticationMethod(rawValue: 12)
    /// NULL Authentication (RFC 7619).
    public static let null = AuthenticationMethod(rawValue: 13)
    /// Digital Signature: AlgorithmIdentifier and signature (RFC 7427 §3).
    public static let digitalSignature = AuthenticationMethod(rawValue: 14)

    public static let registeredNames: [UInt8: String] = [
        1: "RSA_SIG", 2: "SHARED_KEY_MIC", 3: "DSS_SIG", 9: "ECDSA_256", 10: "ECDSA_384",
        11: "ECDSA_521", 12: "GSPAM", 13: "NULL", 14: "DIGITAL_SIGNATURE",
    ]
    public static let unnamedPrefix = "AUTH"
}
