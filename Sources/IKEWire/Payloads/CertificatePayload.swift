/// CERT payload (RFC 7296 §3.6): one certificate or CRL.
public struct CertificatePayload: PayloadBody {
    /// The encoding of `data`; X.509 Certificate – Signature (4) in practice.
    public var encoding: CertificateEncoding
    /// The certificate, DER-encoded for X.509.
    public var data: ArraySlice<UInt8>

    public init(encoding: CertificateEncoding, data: ArraySlice<UInt8>) {
        self.encoding = encoding
        self.data = data
    }

    static func decode(body: ArraySlice<UInt8>) throws(IKEDecodingError) -> CertificatePayload {
        var reader = ByteReader(body)
        let encoding = CertificateEncoding(rawValue: try reader.readUInt8())
        return CertificatePayload(encoding: encoding, data: reader.readRest())
    }

    var bodyLength: Int { 1 + data.count }

    func encodeBody(into writer: inout ByteWriter) {
        writer.write(encoding.rawValue)
        writer.write(contentsOf: data)
    }
}
