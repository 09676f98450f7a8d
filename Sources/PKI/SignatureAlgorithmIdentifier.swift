import SwiftASN1
import X509

/// The AlgorithmIdentifier of a signature (RFC 5280 §4.1.1.2), which a
/// CRL carries twice (§5.1.1.2, §5.1.2.2): the signature algorithms
/// swift-certificates can verify, by OID. swift-certificates keeps its own
/// AlgorithmIdentifier internal.
struct SignatureAlgorithmIdentifier: DERImplicitlyTaggable, Hashable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    let algorithm: Certificate.SignatureAlgorithm

    /// OID, algorithm, and whether the parameters are NULL: RFC 4055 §5
    /// has RSA carry an explicit NULL (and readers accept it absent);
    /// ECDSA (RFC 5758 §3.2) and Ed25519 (RFC 8410 §3) have none.
    private static let known: [(oid: ASN1ObjectIdentifier, algorithm: Certificate.SignatureAlgorithm, nullParameters: Bool)] = [
        ([1, 2, 840, 113_549, 1, 1, 5], .sha1WithRSAEncryption, true),
        ([1, 2, 840, 113_549, 1, 1, 11], .sha256WithRSAEncryption, true),
        ([1, 2, 840, 113_549, 1, 1, 12], .sha384WithRSAEncryption, true),
        ([1, 2, 840, 113_549, 1, 1, 13], .sha512WithRSAEncryption, true),
        ([1, 2, 840, 10_045, 4, 3, 2], .ecdsaWithSHA256, false),
        ([1, 2, 840, 10_045, 4, 3, 3], .ecdsaWithSHA384, false),
        ([1, 2, 840, 10_045, 4, 3, 4], .ecdsaWithSHA512, false),
        ([1, 3, 101, 112], .ed25519, false),
    ]

    init(_ algorithm: Certificate.SignatureAlgorithm) throws {
        guard Self.known.contains(where: { $0.algorithm == algorithm }) else { throw CRLError.unsupportedSignatureAlgorithm("\(algorithm)") }
        self.algorithm = algorithm
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let oid = try ASN1ObjectIdentifier(derEncoded: &nodes)
            guard let entry = Self.known.first(where: { $0.oid == oid }) else { throw CRLError.unsupportedSignatureAlgorithm("OID \(oid)") }
            if let parameters = nodes.next() {
                guard entry.nullParameters else { throw CRLError.malformed("the signature algorithm \(entry.algorithm) has parameters") }
                _ = try ASN1Null(derEncoded: parameters)
            }
            return SignatureAlgorithmIdentifier(known: entry.algorithm)
        }
    }

    private init(known algorithm: Certificate.SignatureAlgorithm) {
        self.algorithm = algorithm
    }

    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        guard let entry = Self.known.first(where: { $0.algorithm == algorithm }) else {
            throw CRLError.unsupportedSignatureAlgorithm("\(algorithm)")
        }
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(entry.oid)
            if entry.nullParameters { try coder.serialize(ASN1Null()) }
        }
    }
}
