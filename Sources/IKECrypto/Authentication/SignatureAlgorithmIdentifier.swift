/// The DER AlgorithmIdentifiers that RFC 7427 digital-signature AUTH payloads
/// (method 14) carry in front of the signature, for the schemes we implement.
///
/// The encodings are those of RFC 7427 Appendix A: RSA PKCS#1 v1.5 with NULL
/// parameters (A.1), ECDSA without parameters (A.3), and RSASSA-PSS with the
/// hash, MGF1 with the same hash and a salt of the hash length (A.4).
enum SignatureAlgorithmIdentifier {
    /// (encoding, scheme) pairs. Matching is exact: anything else in an AUTH
    /// payload is an algorithm we do not accept.
    static let known: [(der: [UInt8], scheme: SignatureScheme)] = [
        (der("300d06092a864886f70d0101050500"), .rsaPKCS1v15(.sha1)),
        (der("300d06092a864886f70d01010b0500"), .rsaPKCS1v15(.sha256)),
        (der("300d06092a864886f70d01010c0500"), .rsaPKCS1v15(.sha384)),
        (der("300d06092a864886f70d01010d0500"), .rsaPKCS1v15(.sha512)),
        // RFC 5754 §3.2 lets senders omit the NULL; accept that form on receipt.
        (der("300b06092a864886f70d01010b"), .rsaPKCS1v15(.sha256)),
        (der("300b06092a864886f70d01010c"), .rsaPKCS1v15(.sha384)),
        (der("300b06092a864886f70d01010d"), .rsaPKCS1v15(.sha512)),
        (der("300a06082a8648ce3d040302"), .ecdsa(.sha256)),
        (der("300a06082a8648ce3d040303"), .ecdsa(.sha384)),
        (der("300a06082a8648ce3d040304"), .ecdsa(.sha512)),
        (der("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d06096086480165030402010500a203020120"),
         .rsaPSS(.sha256)),
        (der("304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108300d06096086480165030402020500a203020130"),
         .rsaPSS(.sha384)),
        (der("304106092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108300d06096086480165030402030500a203020140"),
         .rsaPSS(.sha512)),
    ]

    /// The encoding we send for `scheme` (the first, canonical one listed).
    static func encoding(for scheme: SignatureScheme) -> [UInt8]? {
        known.first { $0.scheme == scheme }?.der
    }

    /// The scheme an encoding names, if we accept it.
    static func scheme<C: Collection<UInt8>>(for encoding: C) -> SignatureScheme? {
        known.first { $0.der.elementsEqual(encoding) }?.scheme
    }

    private static func der(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            // The table above is constant; a typo would be caught by the tests.
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }
}
