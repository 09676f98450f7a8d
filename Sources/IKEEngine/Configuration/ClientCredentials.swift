import IKECrypto
import IKEWire

/// What the engine needs to act as a client (initiator) with EAP-MSCHAPv2:
/// the engine's own test client and, later, `gatehouse bench` use it.
public struct ClientCredentials: Sendable {
    /// IDi; a Windows client sends its own IP address here.
    public var identity: IdentificationPayload
    /// The EAP identity and MS-CHAPv2 Name, e.g. `CORP\alice`.
    public var userName: String
    /// The password.
    public var password: String
    /// Checks the responder's CERT payloads and IDr and returns the key its
    /// AUTH must verify with; throws to refuse the responder.
    public var verifyResponder: @Sendable (_ certificates: [CertificatePayload], _ identity: IdentificationPayload?) throws -> PublicKey
    /// Whether to send INITIAL_CONTACT (RFC 7296 §2.4), as Windows does on
    /// every connect.
    public var initialContact = true
    /// Whether to ask for an IPv6 address and IPv6 traffic too.
    public var requestIPv6 = false

    public init(identity: IdentificationPayload, userName: String, password: String,
                verifyResponder: @escaping @Sendable ([CertificatePayload], IdentificationPayload?) throws -> PublicKey) {
        self.identity = identity
        self.userName = userName
        self.password = password
        self.verifyResponder = verifyResponder
    }
}
