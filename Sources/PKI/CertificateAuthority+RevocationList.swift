import Foundation
import SwiftASN1
import X509

extension CertificateAuthority {
    /// A v2 CRL (RFC 5280 §5) of `revoked`, signed by this CA, as DER.
    ///
    /// It names the CA's subject as issuer and carries the two extensions
    /// §5.2 asks of a conforming CA, both non-critical: the CA's key
    /// identifier (authorityKeyIdentifier, §5.2.1), and `number`
    /// (cRLNumber, §5.2.3), which must grow with every CRL the CA issues
    /// so that readers can tell the newer of two.
    public func revocationList(revoked: [RevokedCertificate], number: UInt64, thisUpdate: Date, nextUpdate: Date) throws -> [UInt8] {
        var numberValue = DER.Serializer()
        try numberValue.serialize(number)
        let extensions = try Certificate.Extensions {
            AuthorityKeyIdentifier(keyIdentifier: try keyIdentifier)
            Certificate.Extension(oid: TBSCertList.crlNumberOID, critical: false, value: numberValue.serializedBytes[...])
        }
        let tbs = TBSCertList(signature: try SignatureAlgorithmIdentifier(signatureAlgorithm), issuer: root.certificate.subject,
                              thisUpdate: thisUpdate, nextUpdate: nextUpdate, revoked: revoked, extensions: extensions)
        var signed = DER.Serializer()
        try signed.serialize(tbs)
        let signature = try root.privateKey.sign(bytes: signed.serializedBytes, signatureAlgorithm: signatureAlgorithm)
        var list = DER.Serializer()
        try list.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(signed.serializedBytes)
            try coder.serialize(tbs.signature)
            try coder.serialize(ASN1BitString(bytes: signature.rawRepresentation[...]))
        }
        return list.serializedBytes
    }
}
