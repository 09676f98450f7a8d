/// EAP method types (RFC 3748 §5, IANA "Method Types").
public struct EAPType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Identity (RFC 3748 §5.1). Windows requires the server to ask for it first.
    public static let identity = EAPType(rawValue: 1)
    /// Notification (RFC 3748 §5.2).
    public static let notification = EAPType(rawValue: 2)
    /// Legacy Nak (RFC 3748 §5.3.1): the peer proposes other methods.
    public static let nak = EAPType(rawValue: 3)
    /// MD5-Challenge (RFC 3748 §5.4).
    public static let md5Challenge = EAPType(rawValue: 4)
    /// Generic Token Card (RFC 3748 §5.6).
    public static let gtc = EAPType(rawValue: 6)
    /// EAP-TLS (RFC 5216).
    public static let tls = EAPType(rawValue: 13)
    /// EAP-TTLS (RFC 5281).
    public static let ttls = EAPType(rawValue: 21)
    /// PEAP.
    public static let peap = EAPType(rawValue: 25)
    /// EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2).
    public static let mschapv2 = EAPType(rawValue: 26)
    /// Expanded Types (RFC 3748 §5.7).
    public static let expanded = EAPType(rawValue: 254)

    public static let registeredNames: [UInt8: String] = [
        1: "Identity", 2: "Notification", 3: "Nak", 4: "MD5-Challenge", 5: "OTP", 6: "GTC",
        13: "EAP-TLS", 18: "EAP-SIM", 21: "EAP-TTLS", 23: "EAP-AKA", 25: "PEAP", 26: "EAP-MSCHAPv2",
        43: "EAP-FAST", 50: "EAP-AKA'", 254: "Expanded", 255: "Experimental",
    ]
    public static let unnamedPrefix = "EAP_TYPE"
}
