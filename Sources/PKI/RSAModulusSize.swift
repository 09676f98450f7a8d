import SwiftASN1

/// The RSA modulus size of a certificate's key, read from the DER directly.
/// swift-certificates refuses to parse certificates with RSA keys under 2048
/// bits at all, so without this an old machine certificate with an RSA-1024
/// key would be refused as "not a certificate" instead of by its key size.
enum RSAModulusSize {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]

    /// The modulus size in bits, or nil if `der` is not a certificate with an
    /// RSA key. Certificate ::= SEQUENCE { tbsCertificate SEQUENCE { [0]
    /// version, serial, signature, issuer, validity, subject,
    /// subjectPublicKeyInfo, ... }, ... } (RFC 5280 §4.1).
    static func bits(ofCertificate der: [UInt8]) -> Int? {
        guard let root = try? DER.parse(der), case .constructed(let certificate) = root.content,
              let tbs = certificate.first(where: { _ in true }), case .constructed(let fields) = tbs.content
        else { return nil }
        // The version is explicit [0] and optional; skip it, then the next five.
        let rest = Array(fields).drop { $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) }
        guard rest.count > 5, case .constructed(let spki) = rest[rest.startIndex + 5].content else { return nil }
        let parts = Array(spki)
        guard parts.count == 2, case .constructed(let algorithm) = parts[0].content,
              let oid = algorithm.first(where: { _ in true }), (try? ASN1ObjectIdentifier(derEncoded: oid)) == rsaEncryption,
              let bitString = try? ASN1BitString(derEncoded: parts[1]),
              let key = try? DER.parse(Array(bitString.bytes)), case .constructed(let integers) = key.content,
              let modulus = integers.first(where: { _ in true }), case .primitive(let octets) = modulus.content
        else { return nil }
        let significant = octets.drop { $0 == 0 }
        guard let top = significant.first else { return nil }
        return (significant.count - 1) * 8 + (8 - top.leadingZeroBitCount)
    }
}
