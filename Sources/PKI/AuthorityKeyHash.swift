import Crypto
import SwiftASN1
import X509

/// How CERTREQ names a CA (RFC 7296 §3.7): the SHA-1 hash of its
/// SubjectPublicKeyInfo, DER-encoded.
public enum AuthorityKeyHash {
    public static func of(_ certificate: Certificate) throws -> [UInt8] {
        Array(Insecure.SHA1.hash(data: try certificate.publicKey.subjectPublicKeyInfoDER()))
    }
}

extension Certificate.PublicKey {
    /// The whole SubjectPublicKeyInfo, algorithm included (RFC 5280
    /// §4.1.2.7). swift-certificates' `subjectPublicKeyInfoBytes` is only
    /// the subjectPublicKey bit string's contents.
    public func subjectPublicKeyInfoDER() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(self)
        return serializer.serializedBytes
    }
}
