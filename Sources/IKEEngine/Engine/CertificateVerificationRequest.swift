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
