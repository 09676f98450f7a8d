import IKEWire

/// Certificate authentication of clients as the engine sees it: on or off,
/// and the authorities named in CERTREQ.
public struct ClientCertificatePolicy: Sendable {
    /// SHA-1 hashes of the SubjectPublicKeyInfo of the CAs clients'
    /// certificates may chain to, sent in CERTREQ in the IKE_SA_INIT
    /// response (RFC 7296 §3.7). Windows picks its machine certificate by
    /// them, and strongSwan sends its certificate only when asked.
    public let authorityKeyHashes: [[UInt8]]
    /// The CERTREQ payload naming them, built once rather than per
    /// IKE_SA_INIT response; nil without authorities.
    let certificateRequest: CertificateRequestPayload?

    public init(authorityKeyHashes: [[UInt8]]) {
        self.authorityKeyHashes = authorityKeyHashes
        certificateRequest = authorityKeyHashes.isEmpty
            ? nil : CertificateRequestPayload(encoding: .x509Signature, authorities: ArraySlice(authorityKeyHashes.joined()))
    }
}
