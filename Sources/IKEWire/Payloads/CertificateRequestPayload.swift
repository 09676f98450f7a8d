/// CERTREQ payload (RFC 7296 §3.7): which CAs the sender trusts.
///
/// Windows sends one listing the key hash of every root in its machine
/// store, dozens of them; most will be unknown to us, which is not an error.
public struct CertificateRequestPayload: PayloadBody {
    /// The certificate encoding requested.
    public var encoding: CertificateEncoding
    /// The Certification Authority field: for X.509, concatenated 20-octet
    /// SHA-1 hashes of the CAs' SubjectPublicKeyInfo.
    public var authorities: ArraySlice<UInt8>

    public init(encoding: CertificateEncoding, authorities: ArraySlice<UInt8>) {
        self.encoding = encoding
        self.authorities = authorities
    }

    /// The SHA-1 public-key hashes of an X.509 request, or nil when the field is
    /// not a whole number of 20-octet hashes (the request is then unusable, but
    /// that alone must not fail the exchange).
    public var keyHashes: [ArraySlice<UInt8>]? {
        guard encoding == .x509Signature, authorities.count % 20 == 0 else { return nil }
        return stride(from: authorities.startIndex, to: authorities.endIndex, by: 20).map {
            authorities[$0..<$0 + 20]
        }
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> CertificateRequestPayload {
        var reader = ByteReader(body)
        let encoding = CertificateEncoding(rawValue: try reader.readUInt8())
        return CertificateRequestPayload(encoding: encoding, authorities: reader.readRest())
    }

    var bodyLength: Int { 1 + authorities.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(encoding.rawValue)
        writer.write(contentsOf: authorities)
    }
}
