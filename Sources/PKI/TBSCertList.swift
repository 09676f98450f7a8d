import Foundation
import SwiftASN1
import X509

/// The signed part of a CRL (RFC 5280 §5.1.2), read by
/// ``CertificateRevocationList`` and written by the CA:
///
/// ```
/// TBSCertList ::= SEQUENCE {
///     version              Version OPTIONAL,  -- if present, MUST be v2
///     signature            AlgorithmIdentifier,
///     issuer               Name,
///     thisUpdate           Time,
///     nextUpdate           Time OPTIONAL,
///     revokedCertificates  SEQUENCE OF SEQUENCE { ... } OPTIONAL,
///     crlExtensions        [0] EXPLICIT Extensions OPTIONAL }
/// ```
struct TBSCertList: DERImplicitlyTaggable {
    static var defaultIdentifier: ASN1Identifier { .sequence }

    var signature: SignatureAlgorithmIdentifier
    var issuer: DistinguishedName
    var thisUpdate: Date
    var nextUpdate: Date?
    var revoked: [RevokedCertificate]
    var extensions: Certificate.Extensions

    /// authorityKeyIdentifier (§5.2.1) and cRLNumber (§5.2.3): the CRL
    /// extensions this code writes. Neither changes what the CRL says
    /// about a certificate, so a reader may read past them.
    static let authorityKeyIdentifierOID: ASN1ObjectIdentifier = [2, 5, 29, 35]
    static let crlNumberOID: ASN1ObjectIdentifier = [2, 5, 29, 20]

    init(signature: SignatureAlgorithmIdentifier, issuer: DistinguishedName, thisUpdate: Date, nextUpdate: Date?,
         revoked: [RevokedCertificate], extensions: Certificate.Extensions) {
        self.signature = signature
        self.issuer = issuer
        self.thisUpdate = thisUpdate
        self.nextUpdate = nextUpdate
        self.revoked = revoked
        self.extensions = extensions
    }

    init(derEncoded node: ASN1Node, withIdentifier identifier: ASN1Identifier) throws {
        self = try DER.sequence(node, identifier: identifier) { nodes in
            let version = try DER.optionalImplicitlyTagged(&nodes, tag: .integer) as Int?
            if let version, version != 1 { throw CRLError.unsupportedVersion(version) }
            let signature = try SignatureAlgorithmIdentifier(derEncoded: &nodes)
            guard let issuerNode = nodes.next() else { throw CRLError.malformed("no issuer") }
            let issuer = try DistinguishedName(derEncoded: issuerNode)
            let thisUpdate = try X509Time(derEncoded: &nodes).date
            var nextUpdate: Date?
            if let next = Self.peek(nodes), next.identifier == UTCTime.defaultIdentifier || next.identifier == GeneralizedTime.defaultIdentifier {
                nextUpdate = try X509Time(derEncoded: &nodes).date
            }
            var revoked: [RevokedCertificate] = []
            var entriesHaveExtensions = false
            if let list = Self.peek(nodes), list.identifier == .sequence {
                _ = nodes.next()
                try DER.sequence(list, identifier: .sequence) { entries in
                    while let entry = entries.next() {
                        let decoded = try RevokedCertificate.decode(entry)
                        revoked.append(decoded.entry)
                        entriesHaveExtensions = entriesHaveExtensions || decoded.hasExtensions
                    }
                }
            }
            let extensionList = try DER.optionalExplicitlyTagged(&nodes, tagNumber: 0, tagClass: .contextSpecific) {
                try DER.sequence(of: Certificate.Extension.self, identifier: .sequence, rootNode: $0)
            }
            // Extensions exist from v2 on (§5.1.2.1).
            if version == nil && (extensionList != nil || entriesHaveExtensions) {
                throw CRLError.malformed("a v1 CRL has extensions")
            }
            let extensions = try Certificate.Extensions(extensionList ?? [])
            for crlExtension in extensions where crlExtension.critical
                && crlExtension.oid != Self.authorityKeyIdentifierOID && crlExtension.oid != Self.crlNumberOID {
                throw CRLError.unsupportedCriticalExtension(crlExtension.oid, entry: false)
            }
            return TBSCertList(signature: signature, issuer: issuer, thisUpdate: thisUpdate, nextUpdate: nextUpdate,
                               revoked: revoked, extensions: extensions)
        }
    }

    /// Always v2: the CA's CRLs carry extensions. An empty list of revoked
    /// certificates is left out, as §5.1.2.6 requires.
    func serialize(into coder: inout DER.Serializer, withIdentifier identifier: ASN1Identifier) throws {
        try coder.appendConstructedNode(identifier: identifier) { coder in
            try coder.serialize(1)
            try coder.serialize(signature)
            try coder.serialize(issuer)
            try coder.serialize(X509Time(thisUpdate))
            if let nextUpdate { try coder.serialize(X509Time(nextUpdate)) }
            if !revoked.isEmpty {
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    for entry in revoked { try entry.serialize(into: &coder) }
                }
            }
            if !extensions.isEmpty {
                try coder.serialize(explicitlyTaggedWithTagNumber: 0, tagClass: .contextSpecific) { coder in
                    try coder.serializeSequenceOf(extensions)
                }
            }
        }
    }

    /// The next node, without consuming it.
    private static func peek(_ nodes: ASN1NodeCollection.Iterator) -> ASN1Node? {
        var copy = nodes
        return copy.next()
    }
}
