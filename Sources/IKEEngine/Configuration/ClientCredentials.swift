import EAP
import IKECrypto
import IKEWire

/// What the engine needs to act as a client (initiator): the engine's own
/// test client and, later, `gatehouse bench` use it. A client
/// authenticates with EAP (no AUTH in its first IKE_AUTH request; the
/// methods in ``eapMethods``) or with a certificate and a signature
/// (RFC 7296 §2.15).
public struct ClientCredentials: Sendable {
    /// How the client proves who it is.
    public enum Method: Sendable {
        /// EAP: the EAP identity and MS-CHAPv2 Name (e.g. `CORP\alice`)
        /// and the password, used by whichever of ``eapMethods`` the
        /// gateway asks for.
        case eap(userName: String, password: String)
        /// A certificate chain (DER, the client's own first), sent as CERT
        /// payloads, and what signs the AUTH payload with its key.
        case certificate(chain: [[UInt8]], signer: any AuthenticationSigner)
    }

    /// IDi; a Windows client sends its own IP address here with EAP, and its
    /// certificate's subject DN with a machine certificate.
    public var identity: IdentificationPayload
    public var method: Method
    /// Checks the responder's CERT payloads and IDr and returns the key its
    /// AUTH must verify with; throws to refuse the responder.
    public var verifyResponder: @Sendable (_ certificates: [CertificatePayload], _ identity: IdentificationPayload?) throws -> PublicKey
    /// Whether to send INITIAL_CONTACT (RFC 7296 §2.4), as Windows does on
    /// every connect.
    public var initialContact = true
    /// The attributes the CP request asks for (all empty). With
    /// INTERNAL_IP6_ADDRESS among them the client proposes IPv6 traffic too.
    public var configurationRequest: [ConfigurationAttributeType] = [.internalIP4Address, .internalIP4DNS]
    /// The EAP methods the client answers, first preferred; a Request for
    /// another gets a Legacy Nak listing these (RFC 3748 §5.3.1). EAP-GTC
    /// sends the password in clear to the gateway, so only a client that
    /// lists it uses it.
    public var eapMethods: [EAPMethodKind] = [.mschapv2]

    /// What Windows asks for, in its order, Microsoft's private server
    /// attributes included.
    public static let windowsConfigurationRequest: [ConfigurationAttributeType] = [
        .internalIP4Address, .internalIP4DNS, .internalIP4NBNS, .microsoftIP4Server,
        .internalIP6Address, .internalIP6DNS, .microsoftIP6Server,
    ]

    /// An EAP-MSCHAPv2 client.
    public init(identity: IdentificationPayload, userName: String, password: String,
                verifyResponder: @escaping @Sendable ([CertificatePayload], IdentificationPayload?) throws -> PublicKey) {
        self.init(identity: identity, method: .eap(userName: userName, password: password), verifyResponder: verifyResponder)
    }

    public init(identity: IdentificationPayload, method: Method,
                verifyResponder: @escaping @Sendable ([CertificatePayload], IdentificationPayload?) throws -> PublicKey) {
        self.identity = identity
        self.method = method
        self.verifyResponder = verifyResponder
    }

    /// The name the client's events carry: the EAP user name, or IDi.
    public var userName: String {
        switch method {
        case .eap(let userName, _): userName
        case .certificate: identity.dataDescription
        }
    }
}

/// Makes a client's AUTH payload over its signed octets (RFC 7296 §2.15).
/// A protocol rather than a key so that a client can choose its method the
/// way Windows (method 1), Apple and strongSwan (method 14) do, and so that
/// tests can send the malformed signatures a gateway must refuse.
public protocol AuthenticationSigner: Sendable {
    func authentication(for signedOctets: [UInt8]) throws -> AuthenticationPayload
}

/// Signs with a private key and a fixed method (and scheme, for method 14).
public struct KeyAuthenticationSigner: AuthenticationSigner {
    public let key: PrivateKey
    public let method: AuthenticationMethod
    public let scheme: SignatureScheme?

    public init(key: PrivateKey, method: AuthenticationMethod, scheme: SignatureScheme? = nil) {
        self.key = key
        self.method = method
        self.scheme = scheme
    }

    public func authentication(for signedOctets: [UInt8]) throws -> AuthenticationPayload {
        try SignatureAuthentication.sign(signedOctets, with: key, method: method, scheme: scheme)
    }
}
