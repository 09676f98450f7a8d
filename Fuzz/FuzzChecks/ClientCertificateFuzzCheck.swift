import PKI
import SwiftASN1
import X509

/// What the client-certificate fuzzer checks for one input: the reading of
/// CERT payloads (`ClientCertificateVerifier.parse`, with its own DER walk
/// for RSA keys swift-certificates refuses), and on whatever parses, the
/// binding of IDi (`identify`) and the authorisation rules' matching. The
/// chain check itself is swift-certificates' (fuzzed upstream) and needs a
/// CA's signature the fuzzer cannot forge.
///
/// The first octet picks the IDi form (mod 5): the subject DN, the first
/// DNS, e-mail or address subjectAltName, or an unsupported type; the rest
/// is one certificate in DER. Every input is refused or parsed without a
/// trap; a parsed certificate is bound to each of its own names, under one
/// client name whichever form binds it, the same twice; an unsupported IDi
/// is never bound; a `*` rule matches everything, and the subject's own
/// text matches itself when it holds no wildcard characters.
public enum ClientCertificateFuzzCheck {
    public static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        guard case .success(let certificates) = ClientCertificateVerifier.parse([Array(input.dropFirst())], minimumRSABits: 2048) else {
            return
        }
        guard certificates.count == 1 else { preconditionFailure("one CERT payload read as \(certificates.count) certificates") }
        let certificate = certificates[0]
        let names = (try? certificate.extensions.subjectAlternativeNames).map(Array.init) ?? []
        let identity: ClaimedIdentity? = switch mode % 5 {
        case 0: subjectIdentity(certificate)
        case 1: names.lazy.compactMap { if case .dnsName(let name) = $0 { ClaimedIdentity.domainName(name) } else { nil } }.first
        case 2: names.lazy.compactMap { if case .rfc822Name(let name) = $0 { ClaimedIdentity.email(name) } else { nil } }.first
        case 3: names.lazy.compactMap { if case .ipAddress(let octets) = $0 { ClaimedIdentity.address(Array(octets.bytes)) } else { nil } }.first
        default: .unsupported("ID_KEY_ID")
        }
        guard let identity else { return }
        let first = ClientCertificateVerifier.identify(certificate, as: identity)
        let second = ClientCertificateVerifier.identify(certificate, as: identity)
        switch (first, second) {
        case (.success(let a), .success(let b)) where a == b:
            check(a, of: certificate)
        case (.failure(let refusal), .failure):
            if case .unsupported = identity { return }
            // The certificate's own names always bind; only an unnamed
            // certificate (empty subject, no subjectAltName) is refused.
            guard certificate.subject.isEmpty, refusal.description.contains("neither a subject nor a subjectAltName") else {
                preconditionFailure("certificate not bound to its own name \(identity): \(refusal)")
            }
        default:
            preconditionFailure("identify answered differently twice, or bound an unsupported IDi")
        }
    }

    private static func subjectIdentity(_ certificate: Certificate) -> ClaimedIdentity? {
        var serializer = DER.Serializer()
        guard (try? serializer.serialize(certificate.subject)) != nil else { return nil }
        return .distinguishedName(serializer.serializedBytes)
    }

    private static func check(_ identified: ClientCertificateVerifier.Identified, of certificate: Certificate) {
        let subject = certificate.subject.description
        if let dn = subjectIdentity(certificate), case .success(let viaSubject) = ClientCertificateVerifier.identify(certificate, as: dn),
           viaSubject.name != identified.name {
            preconditionFailure("two names for one certificate: \(viaSubject.name) and \(identified.name)")
        }
        guard ClientRule(subject: "*", alternativeName: nil).matches(subject: subject, alternativeNames: identified.alternativeNames) else {
            preconditionFailure("the rule * does not match \(subject)")
        }
        if !subject.contains(where: { $0 == "*" || $0 == "?" }),
           !ClientRule(subject: subject).matches(subject: subject, alternativeNames: []) {
            preconditionFailure("the subject \(subject) does not match itself")
        }
    }
}
