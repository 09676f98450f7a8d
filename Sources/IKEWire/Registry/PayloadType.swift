/// IKEv2 payload types (RFC 7296 §3.2, IANA "IKEv2 Payload Types").
///
/// Types 1–32 are reserved in IKEv2 (they were IKEv1's); a message carrying one
/// is treated like any unknown payload, which keeps IKEv1 payloads out of IKEv2
/// parsing (strongSwan CVE-2015-3991).
public struct PayloadType: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// No Next Payload: ends a payload chain.
    public static let none = PayloadType(rawValue: 0)
    /// SA: Security Association (RFC 7296 §3.3).
    public static let securityAssociation = PayloadType(rawValue: 33)
    /// KE: Key Exchange (RFC 7296 §3.4).
    public static let keyExchange = PayloadType(rawValue: 34)
    /// IDi: Identification – Initiator (RFC 7296 §3.5).
    public static let identificationInitiator = PayloadType(rawValue: 35)
    /// IDr: Identification – Responder (RFC 7296 §3.5).
    public static let identificationResponder = PayloadType(rawValue: 36)
    /// CERT: Certificate (RFC 7296 §3.6).
    public static let certificate = PayloadType(rawValue: 37)
    /// CERTREQ: Certificate Request (RFC 7296 §3.7).
    public static let certificateRequest = PayloadType(rawValue: 38)
    /// AUTH: Authentication (RFC 7296 §3.8).
    public static let authentication = PayloadType(rawValue: 39)
    /// Ni, Nr: Nonce (RFC 7296 §3.9).
    public static let nonce = PayloadType(rawValue: 40)
    /// N: Notify (RFC 7296 §3.10).
    public static let notify = PayloadType(rawValue: 41)
    /// D: Delete (RFC 7296 §3.11).
    public static let delete = PayloadType(rawValue: 42)
    /// V: Vendor ID (RFC 7296 §3.12).
    public static let vendorID = PayloadType(rawValue: 43)
    /// TSi: Traffic Selector – Initiator (RFC 7296 §3.13).
    public static let trafficSelectorInitiator = PayloadType(rawValue: 44)
    /// TSr: Traffic Selector – Responder (RFC 7296 §3.13).
    public static let trafficSelectorResponder = PayloadType(rawValue: 45)
    /// SK: Encrypted and Authenticated (RFC 7296 §3.14).
    public static let encrypted = PayloadType(rawValue: 46)
    /// CP: Configuration (RFC 7296 §3.15).
    public static let configuration = PayloadType(rawValue: 47)
    /// EAP: Extensible Authentication (RFC 7296 §3.16).
    public static let eap = PayloadType(rawValue: 48)
    /// SKF: Encrypted and Authenticated Fragment (RFC 7383 §2.5).
    public static let encryptedFragment = PayloadType(rawValue: 53)

    public static let registeredNames: [UInt8: String] = [
        0: "NONE", 33: "SA", 34: "KE", 35: "IDi", 36: "IDr", 37: "CERT", 38: "CERTREQ",
        39: "AUTH", 40: "Nonce", 41: "N", 42: "D", 43: "V", 44: "TSi", 45: "TSr", 46: "SK",
        47: "CP", 48: "EAP", 49: "GSPM", 50: "IDg", 51: "GSA", 52: "KD", 53: "SKF", 54: "PS",
    ]
    public static let unnamedPrefix = "PAYLOAD"
}
