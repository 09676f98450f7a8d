import Crypto
import Foundation
import PKI
import SwiftASN1
import X509

/// What the CRL fuzzer checks for one input. The first octet chooses how
/// the rest reaches ``CertificateRevocationList`` (mod 3):
///
/// - 0: the rest is a whole CRL in DER.
/// - 1: the rest is text, read as PEM.
/// - 2: the rest is a tbsCertList, which the harness signs with its CA
///   and wraps in a CertificateList, so the fuzzer reaches everything
///   behind a valid signature without having to forge one.
///
/// Every input either throws a ``CRLError`` (nothing else, never a trap)
/// or gives a CRL that answers consistently: each listed serial is
/// revoked and no other, a second parse agrees, `isSigned(by:)` answers.
/// In mode 2 a parsed CRL must be signed by the harness CA exactly when
/// it names the CA as issuer, and no longer once one bit of the signature
/// is flipped, so a check over re-encoded rather than received octets
/// would fail here. Regression tests replay saved inputs through ``run(_:)``.
public enum CRLFuzzCheck {
    /// The harness CA: Ed25519 (fast, and its signatures are deterministic,
    /// so seeds signed with it are reproducible) from a fixed key.
    public static let authority: CertificateAuthority = {
        do {
            let key = Certificate.PrivateKey(try Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 0x5A, count: 32)))
            let name = try DistinguishedName { CommonName("Gatehouse Fuzz CA") }
            let certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(bytes: [0x01]), publicKey: key.publicKey,
                notValidBefore: Date(timeIntervalSince1970: 1_700_000_000), notValidAfter: Date(timeIntervalSince1970: 2_000_000_000),
                issuer: name, subject: name, signatureAlgorithm: .ed25519,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                }, issuerPrivateKey: key)
            return CertificateAuthority(root: IssuedCertificate(certificate: certificate, privateKey: key))
        } catch {
            preconditionFailure("the fixed fuzz CA must be valid: \(error)")
        }
    }()

    public static func run(_ input: [UInt8]) {
        guard let mode = input.first else { return }
        let rest = Array(input.dropFirst())
        let ca = authority
        let caCertificate = ca.root.certificate
        switch mode % 3 {
        case 0:
            check({ try CertificateRevocationList(derEncoded: rest) }, against: caCertificate)
        case 1:
            check({ try CertificateRevocationList(pemEncoded: String(decoding: rest, as: UTF8.self)) }, against: caCertificate)
        default:
            guard let signed = try? sign(tbsCertList: rest, by: ca, flippingSignatureBit: false),
                  let crl = check({ try CertificateRevocationList(derEncoded: signed) }, against: caCertificate) else { return }
            guard crl.isSigned(by: caCertificate) == (crl.issuer == caCertificate.subject) else {
                preconditionFailure("a CRL the harness CA signed is \(crl.isSigned(by: caCertificate) ? "" : "not ")taken as signed by it")
            }
            guard let forged = try? sign(tbsCertList: rest, by: ca, flippingSignatureBit: true) else { return }
            if let forgedCRL = check({ try CertificateRevocationList(derEncoded: forged) }, against: caCertificate),
               forgedCRL.isSigned(by: caCertificate) {
                preconditionFailure("a CRL with a flipped signature bit is taken as signed")
            }
        }
    }

    /// `tbsCertList` signed by the harness CA in a CertificateList
    /// (RFC 5280 §5.1) with Ed25519's AlgorithmIdentifier (RFC 8410 §3).
    public static func sign(tbsCertList: [UInt8], by ca: CertificateAuthority = authority, flippingSignatureBit: Bool) throws -> [UInt8] {
        var signature = try ca.root.privateKey.sign(bytes: tbsCertList, signatureAlgorithm: .ed25519).rawRepresentation
        if flippingSignatureBit { signature[signature.count - 1] ^= 1 }
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbsCertList)
            coder.serializeRawBytes([0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70])
            try coder.serialize(ASN1BitString(bytes: signature[...]))
        }
        return serializer.serializedBytes
    }

    /// Parses with `parse`; a CRL must answer consistently (and say whether
    /// `caCertificate` signed it), a failure must be a ``CRLError`` that
    /// describes itself.
    @discardableResult
    static func check(_ parse: () throws -> CertificateRevocationList, against caCertificate: Certificate) -> CertificateRevocationList? {
        let crl: CertificateRevocationList
        do {
            crl = try parse()
        } catch let error as CRLError {
            guard !error.description.isEmpty else { preconditionFailure("an error without a description") }
            return nil
        } catch {
            preconditionFailure("the CRL reader threw something other than CRLError: \(error)")
        }
        for entry in crl.revoked where !crl.isRevoked(entry.serialNumber) {
            preconditionFailure("serial \(entry.serialNumber) is listed but not revoked")
        }
        // A serial one octet longer than any listed one is listed by none.
        let longest = crl.revoked.map(\.serialNumber.bytes.count).max() ?? 0
        if crl.isRevoked(Certificate.SerialNumber(bytes: [UInt8](repeating: 0x7F, count: longest + 1))) {
            preconditionFailure("an unlisted serial is revoked")
        }
        guard let again = try? parse(), again.revoked == crl.revoked, again.issuer == crl.issuer,
              again.thisUpdate == crl.thisUpdate, again.nextUpdate == crl.nextUpdate else {
            preconditionFailure("the same CRL was read two ways")
        }
        _ = crl.isSigned(by: caCertificate)
        _ = crl.revoked.map { "\($0.serialNumber) \($0.revocationDate) \($0.reason?.description ?? "-")" }
        return crl
    }
}
