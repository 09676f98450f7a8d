import Foundation
import X509
import _CryptoExtras

/// Checks a gateway's certificate chain and key against what IKEv2 clients
/// require, so that an admin learns at startup what a Windows client would
/// only report as error 13801 ("IKE authentication credentials are
/// unacceptable").
public enum GatewayCertificateCheck {
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        public enum Severity: Sendable { case error, warning }
        public let severity: Severity
        public let message: String
        public var description: String { message }
    }

    /// Inspects `chain` (DER, the gateway's certificate first) and the key
    /// in `privateKeyPEM` for the gateway `identity` (an FQDN or an IP
    /// address as text). Errors make the gateway unusable; warnings name
    /// what some clients will refuse.
    public static func findings(chain: [[UInt8]], privateKeyPEM: String, identity: String, now: Date = Date()) -> [Finding] {
        var findings: [Finding] = []
        func error(_ message: String) { findings.append(Finding(severity: .error, message: message)) }
        func warning(_ message: String) { findings.append(Finding(severity: .warning, message: message)) }

        let certificates: [Certificate]
        do {
            certificates = try chain.map { try Certificate(derEncoded: $0) }
        } catch {
            return [Finding(severity: .error, message: "the certificate file holds a certificate that cannot be parsed: \(error)")]
        }
        guard let leaf = certificates.first else {
            return [Finding(severity: .error, message: "the certificate file holds no certificate")]
        }
        do {
            let key = try Certificate.PrivateKey(pemEncoded: privateKeyPEM)
            if key.publicKey != leaf.publicKey {
                error("the private key does not belong to the certificate \(leaf.subject)")
            }
        } catch {
            // The IKE layer loads the key with OpenSSL, which reads more
            // formats (encrypted PKCS#8 aside); only a mismatch is an error.
            warning("the private key could not be compared with the certificate: \(error)")
        }
        if now < leaf.notValidBefore {
            error("the certificate is not valid before \(leaf.notValidBefore)")
        } else if now > leaf.notValidAfter {
            error("the certificate expired on \(leaf.notValidAfter)")
        } else if leaf.notValidAfter.timeIntervalSince(now) < 30 * 86_400 {
            warning("the certificate expires on \(leaf.notValidAfter)")
        }
        switch usage(of: leaf) {
        case .serverAuth: break
        case .missing: warning("the certificate has no extended key usage serverAuth (1.3.6.1.5.5.7.3.1); Windows clients refuse it with error 13801")
        case .unreadable(let reason): warning("the certificate's extended key usage cannot be read: \(reason)")
        }
        if !dnsNames(of: leaf).contains(where: { matches(pattern: $0, name: identity) }) {
            warning("the certificate has no subjectAltName DNS entry for the gateway identity \(identity); Windows clients that dial \(identity) "
                    + "refuse it with error 13801 (an IP address must be a DNS entry too)")
        }
        if let rsa = _RSA.Signing.PublicKey(leaf.publicKey), rsa.keySizeInBits < 2048 {
            warning("the certificate's RSA key has \(rsa.keySizeInBits) bits; current clients refuse keys under 2048 bits")
        }
        for (certificate, issuer) in zip(certificates, certificates.dropFirst()) where certificate.issuer != issuer.subject {
            warning("the chain is out of order: \(certificate.subject) is not issued by the next certificate, \(issuer.subject)")
        }
        return findings
    }

    private enum Usage { case serverAuth, missing, unreadable(String) }

    private static func usage(of certificate: Certificate) -> Usage {
        do {
            guard let usages = try certificate.extensions.extendedKeyUsage else { return .missing }
            return usages.contains(.serverAuth) ? .serverAuth : .missing
        } catch {
            return .unreadable("\(error)")
        }
    }

    private static func dnsNames(of certificate: Certificate) -> [String] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { if case .dnsName(let name) = $0 { name } else { nil } }
    }

    /// Case-insensitive name match; `*.example.com` matches exactly one
    /// leftmost label (RFC 6125 §6.4.3).
    static func matches(pattern: String, name: String) -> Bool {
        let pattern = pattern.lowercased(), name = name.lowercased()
        if pattern == name { return true }
        guard pattern.hasPrefix("*."), let dot = name.firstIndex(of: ".") else { return false }
        return name[dot...] == pattern.dropFirst() && dot > name.startIndex
    }
}
