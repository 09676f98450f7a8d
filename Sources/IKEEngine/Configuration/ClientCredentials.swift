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
    /// The attributes the CP request asks for (all empty). With
    /// INTERNAL_IP6_ADDRESS among them the client proposes IPv6 traffic too.
    public var configurationRequest: [ConfigurationAttributeType] = [.internalIP4Address, .internalIP4DNS]

    /// What Windows asks for, in its order, Microsoft's private server
    /// attributes included.
    public static let windowsConfigurationRequest: [ConfigurationAttributeType] = [
        .internalIP4Address, .internalIP4DNS, .internalIP4NBNS, .microsoftIP4Server,
        .internalIP6Address, .internalIP6DNS, .microsoftIP6Server,
    ]

    public init(identity: IdentificationPayload, userName: String, password: String,
                verifyResponder: @escaping @Sendable ([CertificatePayload], IdentificationPayload?) throws -> PublicKey) {
        self.identity = identity
        self.userName = userName
        self.password = password
        self.verifyResponder = verifyResponder
    }
}
