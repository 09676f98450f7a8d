import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// A certificate authority that issues what a VPN gateway needs: the
/// quick-start CA and gateway certificate, and `gatehouse pki`'s gateway
/// and client certificates and CRLs.
///
/// Certificates are RSA with SHA-256 signatures, which every IKEv2 client
/// accepts, Windows 7 included.
public struct CertificateAuthority: Sendable {
    /// The CA's own certificate and key.
    public let root: IssuedCertificate

    public init(root: IssuedCertificate) {
        self.root = root
    }

    /// RSA modulus sizes offered for new keys.
    public enum KeySize: Int, Sendable, CaseIterable {
        case bits2048 = 2048
        case bits3072 = 3072
        case bits4096 = 4096

        var rsa: _RSA.Signing.KeySize { .init(bitCount: rawValue) }
    }

    /// Creates a self-signed root CA.
    ///
    /// - Parameters:
    ///   - commonName: the CA's name, as clients show it in their trust store.
    ///   - validity: how long the CA is valid, from an hour ago (clock skew).
    public static func create(commonName: String, keySize: KeySize = .bits3072,
                              validity: TimeInterval = 10 * 365 * 86_400, now: Date = Date()) throws -> CertificateAuthority {
        let key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: keySize.rsa))
        let name = try DistinguishedName { CommonName(commonName) }
        let extensions = try Certificate.Extensions {
            // RFC 5280 §4.2.1.9: a CA marks basicConstraints critical. No
            // path length limit, so an admin may add an intermediate later.
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: key.publicKey)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + validity,
            issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: extensions, issuerPrivateKey: key)
        return CertificateAuthority(root: IssuedCertificate(certificate: certificate, privateKey: key))
    }

    /// Issues a gateway certificate that Windows' IKEv2 client accepts
    /// (see docs.strongswan.org, "Windows Certificate Requirements"):
    ///
    /// - EKU serverAuth, plus IP Security IKE Intermediate
    ///   (1.3.6.1.5.5.8.2.2), which older macOS clients look for;
    /// - the name users type as a subjectAltName of type dNSName, even
    ///   when it is an IP address (Windows fails with error 13801
    ///   otherwise); an IP address is added as iPAddress too, which
    ///   strongSwan clients match an ID_IPV4_ADDR/ID_IPV6_ADDR identity
    ///   against;
    /// - the same name as the subject's common name, for old clients
    ///   that match the subject.
    public func issueGatewayCertificate(identity: String, keySize: KeySize = .bits2048,
                                        validity: TimeInterval = 2 * 365 * 86_400, now: Date = Date()) throws -> IssuedCertificate {
        try issueGatewayCertificate(names: [identity], keySize: keySize, validity: validity, now: now)
    }

    /// The same for a gateway reached by several names (`gatehouse pki
    /// server`): every name a dNSName, every address also an iPAddress, the
    /// first name the common name.
    public func issueGatewayCertificate(names identities: [String], keySize: KeySize = .bits2048,
                                        validity: TimeInterval = 2 * 365 * 86_400, now: Date = Date()) throws -> IssuedCertificate {
        guard let identity = identities.first else { throw PKIFiles.Failure(description: "a gateway certificate needs at least one name") }
        var names: [GeneralName] = identities.map { .dnsName($0) }
        for name in identities {
            if let address = Self.addressOctets(name) { names.append(.ipAddress(ASN1OctetString(contentBytes: address[...]))) }
        }
        return try issueEndEntity(commonName: identity, names: names, usages: [.serverAuth, Self.ipsecIKEIntermediate],
                                  keySize: keySize, validity: validity, now: now)
    }

    /// Issues a certificate a client authenticates with (`gatehouse pki
    /// client`): a Windows machine certificate when `name` is the machine's
    /// host name (Windows sends the FQDN, so it is a dNSName too), a user
    /// certificate when it or `email` is an e-mail address (an rfc822Name).
    /// EKU clientAuth: Windows clients authenticating with a machine
    /// certificate have been seen to want it (hwdsl2/setup-ipsec-vpn#106),
    /// and it is what the certificate is for.
    public func issueClientCertificate(name: String, email: String? = nil, keySize: KeySize = .bits2048,
                                       validity: TimeInterval = 2 * 365 * 86_400, now: Date = Date()) throws -> IssuedCertificate {
        let names = try ClientNames(name: name, email: email)
        return try issueEndEntity(commonName: name, names: names.subjectAlternativeNames, usages: [.clientAuth],
                                  keySize: keySize, validity: validity, now: now)
    }

    /// The key identifier of the CA's key: its subjectKeyIdentifier, which
    /// certificates and CRLs it signs carry as authorityKeyIdentifier
    /// (RFC 5280 §4.2.1.1, §5.2.1), or the SHA-1 of the key for a CA
    /// certificate made elsewhere without one.
    var keyIdentifier: ArraySlice<UInt8> {
        get throws {
            try root.certificate.extensions.subjectKeyIdentifier?.keyIdentifier
                ?? SubjectKeyIdentifier(hash: root.certificate.publicKey).keyIdentifier
        }
    }

    /// The algorithm the CA signs with: SHA-256 with RSA for the CAs made
    /// here; for a CA with an EC key made elsewhere, ECDSA with the hash
    /// of its curve's strength (RFC 5480 §4), or Ed25519.
    var signatureAlgorithm: Certificate.SignatureAlgorithm {
        let key = root.certificate.publicKey
        if P256.Signing.PublicKey(key) != nil { return .ecdsaWithSHA256 }
        if P384.Signing.PublicKey(key) != nil { return .ecdsaWithSHA384 }
        if P521.Signing.PublicKey(key) != nil { return .ecdsaWithSHA512 }
        if Curve25519.Signing.PublicKey(key) != nil { return .ed25519 }
        return .sha256WithRSAEncryption
    }

    /// A new RSA key and a certificate for it that is no CA: the names
    /// (none leaves subjectAltName out, RFC 5280 §4.2.1.6 forbids it empty),
    /// the extended key usages, and the key usages an RSA key needs for
    /// IKE signatures and TLS key transport.
    private func issueEndEntity(commonName: String, names: [GeneralName], usages: [ExtendedKeyUsage.Usage], keySize: KeySize,
                                validity: TimeInterval, now: Date) throws -> IssuedCertificate {
        let key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: keySize.rsa))
        let issuerKeyIdentifier = try keyIdentifier
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage(usages)
            if !names.isEmpty { SubjectAlternativeNames(names) }
            SubjectKeyIdentifier(hash: key.publicKey)
            AuthorityKeyIdentifier(keyIdentifier: issuerKeyIdentifier)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + validity,
            issuer: root.certificate.subject, subject: try DistinguishedName { CommonName(commonName) },
            signatureAlgorithm: signatureAlgorithm, extensions: extensions, issuerPrivateKey: root.privateKey)
        return IssuedCertificate(certificate: certificate, privateKey: key)
    }

    /// IP Security IKE Intermediate (RFC 4945 §5.1.3.12 discusses EKUs for IKE).
    static let ipsecIKEIntermediate = ExtendedKeyUsage.Usage(oid: [1, 3, 6, 1, 5, 5, 8, 2, 2])

    /// The octets of an IPv4 or IPv6 address written as text, or nil.
    static func addressOctets(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
