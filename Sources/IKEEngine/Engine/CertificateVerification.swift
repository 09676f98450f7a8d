import EAP
import IKECrypto
import IKEWire

/// A client that authenticates with a certificate (RFC 7296 §2.15, §3.6):
/// the engine hands its CERT payloads and IDi to the runtime, which checks
/// the chain, the identity binding and the authorisation rules against
/// the configured trust (X.509 work the sans-I/O engine does not do) and
/// answers through ``IKEEngine/certificateVerified(_:now:)``. The engine
/// then verifies the AUTH signature with the key it is given.
public struct CertificateVerificationRequest: Hashable, Sendable {
    /// The IKE SA (our SPI).
    public let spi: UInt64
    /// The peer's address, for logs.
    public let peer: IPAddress
    /// IDi, which the end-entity certificate must carry (RFC 7296 §3.5).
    public let identity: IdentificationPayload
    /// The DER certificates of the CERT payloads with X.509 Signature
    /// encoding, in the order received: the end entity first, then
    /// intermediates (RFC 7296 §3.6).
    public let certificates: [[UInt8]]

    public init(spi: UInt64, peer: IPAddress, identity: IdentificationPayload, certificates: [[UInt8]]) {
        self.spi = spi
        self.peer = peer
        self.identity = identity
        self.certificates = certificates
    }
}

/// The runtime's answer to a ``CertificateVerificationRequest``.
public struct CertificateVerificationAnswer: Sendable {
    public enum Result: Sendable {
        /// The chain is trusted, IDi is bound to it and the rules admit the
        /// client: its AUTH must verify with `publicKey`; `authorization`
        /// names it for leases, uniqueness and logs.
        case trusted(publicKey: PublicKey, authorization: Authorization)
        /// Refused; the reason is for logs only.
        case refused(reason: String)
    }

    public let spi: UInt64
    public let result: Result

    public init(spi: UInt64, result: Result) {
        self.spi = spi
        self.result = result
    }
}

/// Certificate authentication of clients as the engine sees it: on or off,
/// and the authorities named in CERTREQ.
public struct ClientCertificatePolicy: Sendable {
    /// SHA-1 hashes of the SubjectPublicKeyInfo of the CAs clients'
    /// certificates may chain to, sent in CERTREQ in the IKE_SA_INIT
    /// response (RFC 7296 §3.7). Windows picks its machine certificate by
    /// them, and strongSwan sends its certificate only when asked.
    public var authorityKeyHashes: [[UInt8]]

    public init(authorityKeyHashes: [[UInt8]]) {
        self.authorityKeyHashes = authorityKeyHashes
    }
}
