import Foundation
import SwiftASN1
import X509

/// One entry of a CRL's revokedCertificates (RFC 5280 §5.1.2.6): which
/// certificate, since when, and why.
public struct RevokedCertificate: Sendable, Hashable {
    public let serialNumber: Certificate.SerialNumber
    public let revocationDate: Date
    /// The reasonCode entry extension (RFC 5280 §5.3.1); nil when the
    /// entry has none, which is how the RFC prefers "unspecified" said.
    public let reason: RevocationReason?

    public init(serialNumber: Certificate.SerialNumber, revocationDate: Date, reason: RevocationReason?) {
        self.serialNumber = serialNumber
        self.revocationDate = revocationDate
        self.reason = reason
    }

    /// reasonCode (RFC 5280 §5.3.1) and invalidityDate (§5.3.2), the entry
    /// extensions this code knows; the latter says nothing about whether a
    /// certificate is revoked, so it is read past.
    static let reasonCodeOID: ASN1ObjectIdentifier = [2, 5, 29, 21]
    static let invalidityDateOID: ASN1ObjectIdentifier = [2, 5, 29, 24]

    /// Decodes `SEQUENCE { userCertificate, revocationDate, crlEntryExtensions OPTIONAL }`,
    /// and says whether the entry had extensions, which only a v2 CRL may
    /// carry (RFC 5280 §5.1.2.6).
    static func decode(_ node: ASN1Node) throws -> (entry: RevokedCertificate, hasExtensions: Bool) {
        try DER.sequence(node, identifier: .sequence) { nodes in
            let serial = Certificate.SerialNumber(bytes: try ArraySlice<UInt8>(derEncoded: &nodes))
            let date = try X509Time(derEncoded: &nodes).date
            guard let extensionsNode = nodes.next() else {
                return (RevokedCertificate(serialNumber: serial, revocationDate: date, reason: nil), false)
            }
            let extensions = try Certificate.Extensions(DER.sequence(of: Certificate.Extension.self, identifier: .sequence,
                                                                     rootNode: extensionsNode))
            var reason: RevocationReason?
            for entryExtension in extensions {
                switch entryExtension.oid {
                case reasonCodeOID:
                    reason = RevocationReason(rawValue: try Int(derEncoded: DER.parse(entryExtension.value), withIdentifier: .enumerated))
                case invalidityDateOID:
                    break
                default:
                    if entryExtension.critical { throw CRLError.unsupportedCriticalExtension(entryExtension.oid, entry: true) }
                }
            }
            return (RevokedCertificate(serialNumber: serial, revocationDate: date, reason: reason), true)
        }
    }

    /// Encodes the entry; a reason becomes a non-critical reasonCode,
    /// except unspecified, which RFC 5280 §5.3.1 says to leave out.
    func serialize(into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(serialNumber.bytes)
            try coder.serialize(X509Time(revocationDate))
            if let reason, reason != .unspecified {
                var value = DER.Serializer()
                try reason.rawValue.serialize(into: &value, withIdentifier: .enumerated)
                let reasonCode = Certificate.Extension(oid: Self.reasonCodeOID, critical: false, value: value.serializedBytes[...])
                try coder.appendConstructedNode(identifier: .sequence) { coder in try coder.serialize(reasonCode) }
            }
        }
    }
}
