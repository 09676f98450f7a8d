import _CryptoExtras
import Crypto
import Foundation
import SwiftASN1
import X509

/// Decides whether a client's certificates admit it (case A, machine
/// certificates): the chain to a configured CA (swift-certificates'
/// RFC 5280 validation: validity, basic constraints, path length, name
/// constraints), then our `ClientChainPolicy` (CA key usage, EKU clientAuth,
/// leaf key usage, key sizes, revocation from the configured CRLs), IDi's
/// binding to the certificate, and the authorisation rules.
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
        /// logs): the certificate's subject, or its first subjectAltName if
        /// the subject is empty; the same whichever IDi form the client
        /// used, so uniqueness holds across them.
        public let name: String
        /// The end entity's SubjectPublicKeyInfo, DER, for the AUTH check.
        public let subjectPublicKeyInfo: [UInt8]
        /// The named address pool of the rule that admitted it, if any.
        public let pool: String?
    }

    /// Why a client is refused, for logs (never sent to the client).
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    public let settings: Settings
    /// Each CRL with the key of the CA that signed it, found once here so
    /// that a chain check compares keys instead of verifying signatures.
    let revocationLists: [ClientChainPolicy.SignedRevocationList]

    /// Checks that every CRL is signed by a configured CA, so a CRL that
    /// cannot be trusted is an error at start and not a silent gap.
    public init(settings: Settings) throws {
        let issuers = settings.authorities + settings.intermediates
        revocationLists = try settings.revocationLists.map { list in
            guard let signer = issuers.first(where: { list.isSigned(by: $0) }) else {
                throw Refusal(description: "the CRL of \(list.issuer) is not signed by any configured authority or intermediate")
            }
            return ClientChainPolicy.SignedRevocationList(list: list, signer: signer.publicKey)
        }
        self.settings = settings
    }

    /// SHA-1 hashes of the authorities' SubjectPublicKeyInfo: what CERTREQ
    /// lists (RFC 7296 §3.7).
    public var authorityKeyHashes: [[UInt8]] {
        // Certificates that parsed serialise again.
        settings.authorities.compactMap { try? AuthorityKeyHash.of($0) }
    }

    /// The most intermediates taken from the client: chain building tries
    /// every candidate issuer, so the work grows with their number, and an
    /// unauthenticated peer chooses them. Real chains have one or two.
    public static let maximumPeerIntermediates = 3

    /// Verifies `certificates` (DER, end entity first, as in CERT payloads)
    /// for a client claiming `identity`, at `now`: parse, chain, identity,
    /// rules.
    public func verify(certificates: [[UInt8]], identity: ClaimedIdentity, now: Date = Date()) async -> Result<Admitted, Refusal> {
        let parsed: [Certificate]
        switch Self.parse(certificates, minimumRSABits: settings.minimumRSABits) {
        case .success(let certificates): parsed = certificates
        case .failure(let refusal): return .failure(refusal)
        }
        let leaf = parsed[0]
        // Self-issued certificates from the peer could only be anchors, which
        // come from configuration; duplicates only multiply the search.
        var intermediates = settings.intermediates
        for certificate in parsed.dropFirst() where certificate.subject != certificate.issuer && !intermediates.contains(certificate) {
            intermediates.append(certificate)
        }
        var verifier = Verifier(rootCertificates: CertificateStore(settings.authorities)) {
            RFC5280Policy(validationTime: now)
            ClientChainPolicy(requireClientAuthentication: settings.requireClientAuthentication,
                              minimumRSABits: settings.minimumRSABits, revocationLists: revocationLists)
        }
        let chain: [Certificate]
        switch await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates), diagnosticCallback: nil) {
        case .validCertificate(let verified):
            chain = Array(verified)
        case .couldNotValidate(let failures):
            // Each failure is one candidate chain; none means no chain to a
            // configured CA could even be built.
            let reasons = Set(failures.map { "\($0.policyFailureReason)" }).sorted()
            let reason = reasons.isEmpty ? "not issued by a trusted CA (issuer \(leaf.issuer))" : reasons.joined(separator: "; ")
            return .failure(Refusal(description: "certificate \(leaf.subject) refused: \(reason)"))
        }
        let identified: Identified
        switch Self.identify(leaf, as: identity) {
        case .success(let result): identified = result
        case .failure(let refusal): return .failure(refusal)
        }
        var pool: String?
        if !settings.rules.isEmpty {
            let subject = leaf.subject.description
            guard let rule = settings.rules.first(where: { $0.matches(subject: subject, alternativeNames: identified.alternativeNames) }) else {
                return .failure(Refusal(description: "certificate \(subject): no rule admits it"))
            }
            guard rule.admit else { return .failure(Refusal(description: "certificate \(subject) refused by rule \(rule.description)")) }
            pool = rule.pool
        }
        guard let key = try? leaf.publicKey.subjectPublicKeyInfoDER() else {
            return .failure(Refusal(description: "the key of \(leaf.subject) cannot be encoded"))
        }
        return .success(Admitted(certificate: leaf, chain: chain, name: identified.name, subjectPublicKeyInfo: key, pool: pool))
    }

    /// Reads CERT payload contents (the end entity first). An unreadable one
    /// with an RSA key under the minimum is refused by its key size, which
    /// is what an admin needs to know (swift-certificates reads no RSA key
    /// under 2048 bits).
    public static func parse(_ certificates: [[UInt8]], minimumRSABits: Int) -> Result<[Certificate], Refusal> {
        guard !certificates.isEmpty else { return .failure(Refusal(description: "no certificate")) }
        guard certificates.count <= 1 + maximumPeerIntermediates else {
            return .failure(Refusal(description: "\(certificates.count) certificates sent (at most 1 + \(maximumPeerIntermediates))"))
        }
        var parsed: [Certificate] = []
        for (index, der) in certificates.enumerated() {
            do {
                parsed.append(try Certificate(derEncoded: der))
            } catch {
                if let bits = RSAModulusSize.bits(ofCertificate: der), bits < minimumRSABits {
                    return .failure(Refusal(description: "CERT payload \(index + 1) has an RSA-\(bits) key "
                                            + "(at least \(minimumRSABits) bits required)"))
                }
                return .failure(Refusal(description: "CERT payload \(index + 1) is not an X.509 certificate: \(error)"))
            }
        }
        return .success(parsed)
    }

    /// The client's name and the certificate's subjectAltNames as text, if
    /// `identity` is bound to `certificate`.
    public struct Identified: Sendable, Equatable {
        public let name: String
        public let alternativeNames: [String]
    }

    /// Binds IDi to the end-entity certificate and names the client: its
    /// subject, or its first subjectAltName if the subject is empty, the
    /// same whichever IDi form the client used, so uniqueness holds.
    public static func identify(_ certificate: Certificate, as identity: ClaimedIdentity) -> Result<Identified, Refusal> {
        let alternativeNames = Self.alternativeNames(of: certificate)
        let subject = certificate.subject.description
        guard isBound(certificate, to: identity, alternativeNames: alternativeNames) else {
            return .failure(Refusal(description: "IDi \(identity) does not match certificate \(subject) "
                                    + "(subjectAltNames \(alternativeNames.map(\.text)))"))
        }
        guard let name = certificate.subject.isEmpty ? alternativeNames.first?.text.lowercased() : subject else {
            return .failure(Refusal(description: "the certificate has neither a subject nor a subjectAltName to name the client by"))
        }
        return .success(Identified(name: name, alternativeNames: alternativeNames.map(\.text)))
    }

    // MARK: - Identity binding (RFC 4945 §3.1)

    enum AlternativeName: Equatable {
        case dns(String), email(String), address([UInt8])

        var text: String {
            switch self {
            case .dns(let name), .email(let name): name
            case .address(let octets): AddressText.of(octets)
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

    /// Whether `identity` is bound to `certificate`: a DN must equal the
    /// subject; a name or address must be a subjectAltName of its type
    /// (names case-insensitively, RFC 5280 §7).
    static func isBound(_ certificate: Certificate, to identity: ClaimedIdentity, alternativeNames: [AlternativeName]) -> Bool {
        switch identity {
        case .distinguishedName(let der):
            return (try? DistinguishedName(derEncoded: der)) == certificate.subject
        case .domainName(let name):
            return alternativeNames.contains { if case .dns(let dns) = $0 { dns.lowercased() == name.lowercased() } else { false } }
        case .email(let address):
            return alternativeNames.contains { if case .email(let email) = $0 { email.lowercased() == address.lowercased() } else { false } }
        case .address(let octets):
            return alternativeNames.contains(.address(octets))
        case .unsupported:
            return false
        }
    }
}
