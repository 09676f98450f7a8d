import IKECrypto
import IKEWire

/// How the gateway proves itself in IKE_AUTH: its identity (IDr), its
/// certificate chain and the private key that signs its AUTH payload.
public struct GatewayCredentials: Sendable {
    /// IDr; an ID_FQDN matching a SAN dNSName of the certificate, which is
    /// what Windows checks (error 13801 otherwise).
    public var identity: IdentificationPayload
    /// DER certificates, the gateway's own first, then intermediates; sent as
    /// CERT payloads (RFC 7296 §3.6).
    public var certificateChain: [[UInt8]]
    /// The key of the first certificate.
    public var privateKey: PrivateKey
    /// CERTREQ hashes (RFC 7296 §3.7) of the CA that issued the chain, when
    /// known: a client whose CERTREQ names none of them may not trust us.
    public var authorityKeyHashes: [[UInt8]] = []

    public init(identity: IdentificationPayload, certificateChain: [[UInt8]], privateKey: PrivateKey) {
        self.identity = identity
        self.certificateChain = certificateChain
        self.privateKey = privateKey
    }
}
