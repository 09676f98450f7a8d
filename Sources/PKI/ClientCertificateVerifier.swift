import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// Decides whether a client's certificates admit it (case A, machine
/// certificates): the chain to a configured CA (swift-certificates'
/// RFC 5280 validation: validity, basic constraints, CA key usage, name
/// constraints), then our client policy (EKU clientAuth, leaf key usage,
/// key sizes, revocation from the configured CRLs), IDi's binding to the
/// certificate, and the authorisation rules.
///
/// The AUTH signature itself is checked by the IKE engine with the key
/// this returns, over octets only the engine has.
public struct ClientCertificateVerifier: Sendable {
    public struct Settings: Sendable {
        /// The CAs client certificates must chain to.
        public var authorities: [Certificate]
        /// Intermediate CAs to build chains with, besides those clients send.
        public var intermediates: [Certificate] = []
        /// CRLs, each signed by one of the authorities or intermediates.
        public var revocationLists: [CertificateRevocationList] = []
        /// Whether the client certificate must carry EKU clientAuth
        /// (1.3.6.1.5.5.7.3.2). Windows' own CA templates set it; some
        /// CAs do not, hence the switch.
        public var requireClientAuthentication = true
        /// The smallest RSA modulus accepted anywhere in the chain. It can
        /// be raised, not lowered: swift-certificates reads no RSA key
        /// under 2048 bits.
        public var minimumRSABits = 2048
        /// Authorisation; empty admits every certificate that verifies.
        public var rules: [ClientRule] = []

        public init(authorities: [Certificate]) {
            self.authorities = authorities
        }
    }

    /// A client the verifier admits.
    public struct Admitted: Sendable {
        /// The end-entity certificate.
        public let certificate: Certificate
        /// The chain that verified, end entity first, trust anchor last.
        public let chain: [Certificate]
        /// The name the gateway knows the client by (leases, uniqueness,
        /// logs): the subject for a DN identity, else the matched IDi value.
        public let name: String
        /// The end entity's SubjectPublicKeyInfo, DER, for the AUTH check.
        public let subjectPublicKeyInfo: [UInt8]
    }

    /// Why a client is refused, for logs (never sent to the client).
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public let settings: Settings

    /// Checks that every CRL is signed by a configured CA, so a CRL that
    /// cannot be trusted is an error at start and not a silent gap.
    public init(settings: Settings) throws {
        let issuers = settings.authorities + settings.intermediates
        for list in settings.revocationLists where !issuers.contains(where: { list.isSigned(by: $0) }) {
            throw Refusal(description: "the CRL of \(list.issuer) is not signed by any configured authority or intermediate")
        }
        self.settings = settings
    }

    /// SHA-1 hashes of the authorities' SubjectPublicKeyInfo: what CERTREQ
    /// lists (RFC 7296 §3.7).
    public var authorityKeyHashes: [[UInt8]] {
        // Certificates that parsed serialise again.
        settings.authorities.compactMap { try? AuthorityKeyHash.of($0) }
    }

    /// Verifies `certificates` (DER, end entity first, as in CERT payloads)
    /// for a client claiming `identity`, at `now`.
    public func verify(certificates: [[UInt8]], identity: ClaimedIdentity, now: Date = Date()) async -> Result<Admitted, Refusal> {
        var parsed: [Certificate] = []
        for (index, der) in certificates.enumerated() {
            do {
                parsed.append(try Certificate(derEncoded: der))
            } catch {
                if let bits = RSAModulusSize.bits(ofCertificate: der), bits < settings.minimumRSABits {
                    return .failure(Refusal(description: "CERT payload \(index + 1) has an RSA-\(bits) key "
                                            + "(at least \(settings.minimumRSABits) bits required)"))
                }
                return .failure(Refusal(description: "CERT payload \(index + 1) is not an X.509 certificate: \(error)"))
            }
        }
        guard let leaf = parsed.first else { return .failure(Refusal(description: "no certificate")) }
        let subject = leaf.subject.description
        var verifier = Verifier(rootCertificates: CertificateStore(settings.authorities)) {
            RFC5280Policy(validationTime: now)
            ClientCertificatePolicy(requireClientAuthentication: settings.requireClientAuthentication,
                                    minimumRSABits: settings.minimumRSABits, revocationLists: settings.revocationLists)
        }
        let chain: [Certificate]
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(settings.intermediates + parsed.dropFirst()),
                                       diagnosticCallback: nil) {
        case .validCertificate(let verified):
            chain = Array(verified)
        case .couldNotValidate(let failures):
            // Each failure is one candidate chain; none means no chain to a
            // configured CA could even be built.
            let reasons = Set(failures.map { "\($0.policyFailureReason)" }).sorted()
            let reason = reasons.isEmpty ? "not issued by a trusted CA (issuer \(leaf.issuer))" : reasons.joined(separator: "; ")
            return .failure(Refusal(description: "certificate \(subject) refused: \(reason)"))
        }
        let alternativeNames = Self.alternativeNames(of: leaf)
        guard let name = Self.boundName(leaf, identity: identity, alternativeNames: alternativeNames) else {
            return .failure(Refusal(description: "IDi \(identity) does not match certificate \(subject) "
                                    + "(subjectAltNames \(alternativeNames.map(\.text)))"))
        }
        if !settings.rules.isEmpty {
            let texts = alternativeNames.map(\.text)
            guard let rule = settings.rules.first(where: { $0.matches(subject: subject, alternativeNames: texts) }) else {
                return .failure(Refusal(description: "certificate \(subject): no rule admits it"))
            }
            guard rule.admit else { return .failure(Refusal(description: "certificate \(subject) refused by rule \(rule.description)")) }
        }
        guard let key = try? leaf.publicKey.subjectPublicKeyInfoDER() else {
            return .failure(Refusal(description: "the key of \(subject) cannot be encoded"))
        }
        return .success(Admitted(certificate: leaf, chain: chain, name: name, subjectPublicKeyInfo: key))
    }

    // MARK: - Identity binding (RFC 4945 §3.1)

    enum AlternativeName: Equatable {
        case dns(String), email(String), address([UInt8])

        var text: String {
            switch self {
            case .dns(let name), .email(let name): name
            case .address(let octets) where octets.count == 4: octets.map(String.init).joined(separator: ".")
            case .address(let octets):
                stride(from: 0, to: octets.count, by: 2).map { String(UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1]), radix: 16) }
                    .joined(separator: ":")
            }
        }
    }

    static func alternativeNames(of certificate: Certificate) -> [AlternativeName] {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        return names.compactMap { name in
            switch name {
            case .dnsName(let text): .dns(text)
            case .rfc822Name(let text): .email(text)
            case .ipAddress(let octets): .address(Array(octets.bytes))
            default: nil
            }
        }
    }

    /// The client's name if `identity` is bound to `certificate`: a DN must
    /// equal the subject; a name or address must be a subjectAltName of its
    /// type (names case-insensitively, RFC 5280 §7).
    static func boundName(_ certificate: Certificate, identity: ClaimedIdentity, alternativeNames: [AlternativeName]) -> String? {
        switch identity {
        case .distinguishedName(let der):
            guard let claimed = try? DistinguishedName(derEncoded: der), claimed == certificate.subject else { return nil }
            return certificate.subject.description
        case .domainName(let name):
            return alternativeNames.contains { if case .dns(let dns) = $0 { dns.lowercased() == name.lowercased() } else { false } } ? name : nil
        case .email(let address):
            return alternativeNames.contains { if case .email(let email) = $0 { email.lowercased() == address.lowercased() } else { false } }
                ? address : nil
        case .address(let octets):
            let matched = AlternativeName.address(octets)
            return alternativeNames.contains(matched) ? matched.text : nil
        case .unsupported:
            return nil
        }
    }
}

/// What we require of a client certificate chain beyond RFC 5280.
struct ClientCertificatePolicy: VerifierPolicy {
    let requireClientAuthentication: Bool
    let minimumRSABits: Int
    let revocationLists: [CertificateRevocationList]

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
        // Revocation (RFC 5280 §6.3): each certificate below the anchor
        // against the CRL its issuer signed, where one is configured.
        for (certificate, issuer) in zip(chain, chain.dropFirst()) {
            let lists = revocationLists.filter { $0.issuer == certificate.issuer && $0.isSigned(by: issuer) }
            if let list = lists.first(where: { $0.isRevoked(certificate.serialNumber) }) {
                return .failsToMeetPolicy(reason: "certificate \(certificate.subject) (serial \(certificate.serialNumber)) is revoked "
                                          + "by the CRL of \(list.issuer)")
            }
        }
        return .meetsPolicy
    }

    /// RFC 4945 §5.1.3.2: a key usage, if present, must allow signatures;
    /// EKU clientAuth (or anyExtendedKeyUsage) when required.
    static func leafUsageFailure(_ leaf: Certificate, requireClientAuthentication: Bool) -> String? {
        do {
            if let usage = try leaf.extensions.keyUsage, !usage.digitalSignature, !usage.nonRepudiation {
                return "the key usage of \(leaf.subject) does not allow digital signatures"
            }
            if requireClientAuthentication {
                let usages = try leaf.extensions.extendedKeyUsage
                guard let usages, usages.contains(.clientAuth) || usages.contains(.any) else {
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
