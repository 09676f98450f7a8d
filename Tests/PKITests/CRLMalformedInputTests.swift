import Foundation
import FuzzChecks
import SwiftASN1
import Testing
import X509
@testable import PKI

/// CRLs that are broken, or well formed but unusable: each throws a
/// ``CRLError`` that says why, none traps. Variants are made from one CRL
/// of the fuzz harness's CA, whose fields are swapped and re-signed.
@Suite struct CRLMalformedInputTests {
    static let thisUpdate = Date(timeIntervalSince1970: 1_800_000_000)
    static let entries = [RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: [0x51]), revocationDate: thisUpdate, reason: .superseded)]

    /// The fuzz CA's CRL of `entries`.
    static func validCRL() throws -> [UInt8] {
        try CRLFuzzCheck.authority.revocationList(revoked: entries, number: 9, thisUpdate: thisUpdate, nextUpdate: thisUpdate + 86_400)
    }

    /// The encodings of the fields of the SEQUENCE `der`.
    static func fields(of der: [UInt8]) throws -> [[UInt8]] {
        guard case .constructed(let children) = try DER.parse(der).content else { throw CRLError.malformed("not constructed") }
        return children.map { Array($0.encodedBytes) }
    }

    static func sequence(_ fields: [[UInt8]], identifier: ASN1Identifier = .sequence) -> [UInt8] {
        var serializer = DER.Serializer()
        serializer.appendConstructedNode(identifier: identifier) { coder in for field in fields { coder.serializeRawBytes(field) } }
        return serializer.serializedBytes
    }

    static func der(_ value: some DERSerializable) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(value)
        return serializer.serializedBytes
    }

    static func extensionField(_ oid: ASN1ObjectIdentifier, critical: Bool, value: [UInt8]) throws -> [UInt8] {
        try der(Certificate.Extension(oid: oid, critical: critical, value: value[...]))
    }

    /// The valid CRL's tbsCertList fields (version, signature, issuer,
    /// thisUpdate, nextUpdate, revokedCertificates, [0] extensions),
    /// changed by `edit`, signed again and parsed.
    static func parseEdited(_ edit: (inout [[UInt8]]) throws -> Void) throws -> CertificateRevocationList {
        var tbsFields = try fields(of: fields(of: validCRL())[0])
        try #require(tbsFields.count == 7)
        try edit(&tbsFields)
        return try CertificateRevocationList(derEncoded: CRLFuzzCheck.sign(tbsCertList: sequence(tbsFields), flippingSignatureBit: false))
    }

    @Test func theUneditedCRLIsFine() throws {
        let crl = try Self.parseEdited { _ in }
        #expect(crl.revoked == Self.entries && crl.isSigned(by: CRLFuzzCheck.authority.root.certificate))
    }

    @Test func emptyTruncatedAndTrailingInputsThrow() throws {
        let crl = try Self.validCRL()
        for length in 0..<crl.count {
            #expect(throws: CRLError.self, "\(length) octets") { try CertificateRevocationList(derEncoded: Array(crl.prefix(length))) }
        }
        #expect(throws: CRLError.self) { try CertificateRevocationList(derEncoded: crl + [0]) }
        var set = crl
        set[0] = 0x31
        #expect(throws: CRLError.self) { try CertificateRevocationList(derEncoded: set) }
        #expect(throws: CRLError.self) { try CertificateRevocationList(derEncoded: Self.sequence(Array(try Self.fields(of: crl).prefix(2)))) }
    }

    /// Every field of the tbsCertList replaced by a NULL.
    @Test(arguments: 0..<7)
    func wrongTagsThrow(field: Int) {
        #expect(throws: CRLError.self) { try Self.parseEdited { $0[field] = [0x05, 0x00] } }
    }

    @Test func onlyVersion2Exists() throws {
        #expect(throws: CRLError.unsupportedVersion(2)) { try Self.parseEdited { $0[0] = [0x02, 0x01, 0x02] } }
        #expect(throws: CRLError.unsupportedVersion(0)) { try Self.parseEdited { $0[0] = [0x02, 0x01, 0x00] } }
        #expect(throws: CRLError.malformed("a v1 CRL has extensions")) { try Self.parseEdited { $0.removeFirst() } }
        // A v1 CRL without extensions (openssl's without crl_extensions) is fine.
        let entry = try Self.sequence([[0x02, 0x01, 0x05], Self.der(X509Time(Self.thisUpdate))])
        let v1 = try Self.parseEdited { fields in fields = [fields[1], fields[2], fields[3], Self.sequence([entry])] }
        #expect(v1.nextUpdate == nil && v1.revoked.map(\.serialNumber) == [Certificate.SerialNumber(bytes: [5])])
        #expect(v1.isRevoked(Certificate.SerialNumber(bytes: [5])))
    }

    /// RFC 5280 §5.2, §5.3: a critical extension this code cannot process
    /// makes the CRL unusable (a delta CRL read as complete would clear
    /// certificates it never covered); a non-critical one is read past.
    @Test func criticalExtensionsAreRefusedOthersReadPast() throws {
        let deltaIndicator = try Self.extensionField([2, 5, 29, 27], critical: true, value: [0x02, 0x01, 0x08])
        let crlExtensions = try Self.fields(of: Self.fields(of: Self.fields(of: Self.validCRL())[0])[6])[0]
        func withCRLExtension(_ field: [UInt8]) -> ((inout [[UInt8]]) throws -> Void) {
            { fields in fields[6] = Self.sequence([Self.sequence(try Self.fields(of: crlExtensions) + [field])],
                                                  identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) }
        }
        #expect(throws: CRLError.unsupportedCriticalExtension([2, 5, 29, 27], entry: false)) { try Self.parseEdited(withCRLExtension(deltaIndicator)) }
        let freshestCRL = try Self.extensionField([2, 5, 29, 46], critical: false, value: [0x30, 0x00])
        #expect(try Self.parseEdited(withCRLExtension(freshestCRL)).revoked == Self.entries)
        // The same extension twice.
        let number = try Self.extensionField([2, 5, 29, 20], critical: false, value: [0x02, 0x01, 0x01])
        #expect(throws: CRLError.self) { try Self.parseEdited(withCRLExtension(number)) }

        func withEntryExtension(_ field: [UInt8]) throws -> ((inout [[UInt8]]) throws -> Void) {
            let entry = try Self.sequence([[0x02, 0x01, 0x05], Self.der(X509Time(Self.thisUpdate)), Self.sequence([field])])
            return { fields in fields[5] = Self.sequence([entry]) }
        }
        let certificateIssuer = try Self.extensionField([2, 5, 29, 29], critical: true, value: [0x30, 0x00])
        #expect(throws: CRLError.unsupportedCriticalExtension([2, 5, 29, 29], entry: true)) {
            try Self.parseEdited(withEntryExtension(certificateIssuer))
        }
        let invalidityDate = try Self.extensionField([2, 5, 29, 24], critical: false, value: Self.der(GeneralizedTime(
            year: 2026, month: 1, day: 1, hours: 0, minutes: 0, seconds: 0, fractionalSeconds: 0)))
        #expect(try Self.parseEdited(withEntryExtension(invalidityDate)).revoked.map(\.reason) == [nil])
        // reasonCode is an ENUMERATED, not an INTEGER.
        let integerReason = try Self.extensionField([2, 5, 29, 21], critical: false, value: [0x02, 0x01, 0x01])
        #expect(throws: CRLError.self) { try Self.parseEdited(withEntryExtension(integerReason)) }
    }

    /// RFC 5280 §5.1.1.2: the signed algorithm must be the one the CRL is
    /// signed with; and only algorithms swift-certificates verifies.
    @Test func signatureAlgorithmsMustAgreeAndBeKnown() throws {
        let rsa = try Self.der(SignatureAlgorithmIdentifier(.sha256WithRSAEncryption))
        #expect(rsa == [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B, 0x05, 0x00])
        #expect(throws: CRLError.signatureAlgorithmMismatch) { try Self.parseEdited { $0[1] = rsa } }
        let md5WithRSA: [UInt8] = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04, 0x05, 0x00]
        #expect(throws: CRLError.unsupportedSignatureAlgorithm("OID 1.2.840.113549.1.1.4")) { try Self.parseEdited { $0[1] = md5WithRSA } }
        let ed25519WithParameters: [UInt8] = [0x30, 0x07, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x05, 0x00]
        #expect(throws: CRLError.self) { try Self.parseEdited { $0[1] = ed25519WithParameters } }
        // RSA without the NULL is accepted (RFC 4055 §5) and means the same.
        let rsaWithoutNull = Self.sequence([Array(rsa[2..<13])])
        #expect(try SignatureAlgorithmIdentifier(derEncoded: rsaWithoutNull).algorithm == .sha256WithRSAEncryption)
    }

    @Test func pemMustHoldACRL() throws {
        let crl = try Self.validCRL()
        #expect(try CertificateRevocationList(pemEncoded: PEMDocument(type: "X509 CRL", derBytes: crl).pemString).revoked == Self.entries)
        #expect(throws: CRLError.self) { try CertificateRevocationList(pemEncoded: PEMDocument(type: "CERTIFICATE", derBytes: crl).pemString) }
        #expect(throws: CRLError.self) { try CertificateRevocationList(pemEncoded: "") }
        #expect(throws: CRLError.self) { try CertificateRevocationList(pemEncoded: "-----BEGIN X509 CRL-----\n!!!!\n-----END X509 CRL-----\n") }
        #expect(throws: CRLError.self) { try CertificateRevocationList(pemEncoded: PEMDocument(type: "X509 CRL", derBytes: [0x30, 0x00]).pemString) }
    }
}
