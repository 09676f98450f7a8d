import _CryptoExtras
import Crypto
import SwiftASN1
import X509

/// What we require of a client certificate chain beyond swift-certificates'
/// `RFC5280Policy`, which checks validity, basic constraints, path length and
/// name constraints but not the key usages.
struct ClientChainPolicy: VerifierPolicy {
    let requireClientAuthentication: Bool
    let minimumRSABits: Int
    let revocationLists: [SignedRevocationList]

    /// A CRL and the key it was verified with when the verifier was made.
    struct SignedRevocationList: Sendable {
        let list: CertificateRevocationList
        let signer: Certificate.PublicKey
    }

    /// We read EKU, and subjectAltName for the identity binding, so a
    /// critical one of either does not stop the chain.
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.extendedKeyUsage, .X509ExtensionID.subjectAlternativeName,
    ]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        let leaf = chain.leaf
        if let failure = Self.leafUsageFailure(leaf, requireClientAuthentication: requireClientAuthentication) {
            return .failsToMeetPolicy(reason: failure)
        }
        for certificate in chain {
            if let failure = Self.keyFailure(certificate, minimumRSABits: minimumRSABits, isLeaf: certificate == leaf) {
                return .failsToMeetPolicy(reason: failure)
            }
        }
        // RFC 5280 §6.1.4(n): an intermediate whose key usage is present
        // must allow certificate signing.
        for issuer in chain.dropFirst().dropLast() {
            let usage: KeyUsage?
            do {
                usage = try issuer.extensions.keyUsage
            } catch {
                return .failsToMeetPolicy(reason: "the key usage of \(issuer.subject) cannot be read: \(error)")
            }
            if let usage, !usage.keyCertSign {
                return .failsToMeetPolicy(reason: "\(issuer.subject) is not allowed to sign certificates (key usage without keyCertSign)")
            }
        }
        // Revocation (RFC 5280 §6.3): each certificate below the anchor
        // against the CRL its issuer signed, where one is configured.
        for (certificate, issuer) in zip(chain, chain.dropFirst()) {
            let lists = revocationLists.filter { $0.list.issuer == certificate.issuer && $0.signer == issuer.publicKey }.map(\.list)
            if let list = lists.first(where: { $0.isRevoked(certificate.serialNumber) }) {
                return .failsToMeetPolicy(reason: "certificate \(certificate.subject) (serial \(certificate.serialNumber)) is revoked "
                                          + "by the CRL of \(list.issuer)")
            }
        }
        return .meetsPolicy
    }

    /// id-kp-ipsecIKE (RFC 4945 §5.1.3.12), which some CAs issue for IKE.
    static let ipsecIKE = ExtendedKeyUsage.Usage(oid: [1, 3, 6, 1, 5, 5, 7, 3, 17])

    /// RFC 4945 §5.1.3.2: a key usage, if present, must allow signatures;
    /// EKU clientAuth, ipsecIKE or anyExtendedKeyUsage when required.
    static func leafUsageFailure(_ leaf: Certificate, requireClientAuthentication: Bool) -> String? {
        do {
            if let usage = try leaf.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
                return "the key usage of \(leaf.subject) does not allow digital signatures"
            }
            if requireClientAuthentication {
                let usages = try leaf.extensions.extendedKeyUsage
                guard let usages, usages.contains(.clientAuth) || usages.contains(.any) || usages.contains(Self.ipsecIKE) else {
                    return "\(leaf.subject) lacks extended key usage clientAuth (1.3.6.1.5.5.7.3.2)"
                }
            }
        } catch {
            return "the key usages of \(leaf.subject) cannot be read: \(error)"
        }
        return nil
    }

    /// RSA keys below the minimum anywhere in the chain; for the end
    /// entity also keys IKE cannot sign with (RSA and ECDSA P-256/384/521).
    static func keyFailure(_ certificate: Certificate, minimumRSABits: Int, isLeaf: Bool) -> String? {
        if let rsa = _RSA.Signing.PublicKey(certificate.publicKey) {
            return rsa.keySizeInBits < minimumRSABits
                ? "\(certificate.subject) has an RSA-\(rsa.keySizeInBits) key (at least \(minimumRSABits) bits required)" : nil
        }
        let ecdsa = P256.Signing.PublicKey(certificate.publicKey) != nil || P384.Signing.PublicKey(certificate.publicKey) != nil
            || P521.Signing.PublicKey(certificate.publicKey) != nil
        return isLeaf && !ecdsa ? "\(certificate.subject) has a key IKE cannot verify signatures with" : nil
    }
}
