import Foundation
import FuzzChecks
import SwiftASN1
import Testing
import X509
@testable import PKI

/// `gatehouse pki revoke` and `crl`, and ``CertificateRevocationList``
/// on their CRLs, on openssl's and on broken ones. openssl is the
/// independent judge of what is written.
@Suite struct CertificateRevocationListTests {
    /// A CA folder with a machine and a user certificate, the machine's
    /// revoked for key compromise and the CRL written.
    struct RevokedFolder {
        let folder: TemporaryFolder
        let workspace: PKIWorkspace
        let revoked: PKIWorkspace.ClientFiles
        let kept: PKIWorkspace.ClientFiles
        let authority: Certificate
        let now: Date

        init() throws {
            folder = try TemporaryFolder()
            workspace = PKIWorkspace(folder: folder.path("pki"))
            try workspace.initialize(commonName: "Test CA", keySize: .bits2048)
            revoked = try workspace.issueClient(name: "laptop.corp.example.com")
            kept = try workspace.issueClient(name: "alice@example.com")
            now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            _ = try workspace.revoke(.name("laptop.corp.example.com"), reason: .keyCompromise, now: now)
            _ = try workspace.writeRevocationList(validity: 7 * 86_400, now: now)
            authority = try Certificate(pemEncoded: String(contentsOfFile: workspace.authorityCertificatePath, encoding: .utf8))
        }

        func crl() throws -> CertificateRevocationList {
            try CertificateRevocationList(pemEncoded: String(contentsOfFile: workspace.revocationListPath, encoding: .utf8))
        }
    }

    @Test func opensslVerifiesTheCRLAndRefusesTheRevokedCertificate() throws {
        let setup = try RevokedFolder()
        let workspace = setup.workspace
        let text = try runOpenSSL(["crl", "-in", workspace.revocationListPath, "-CAfile", workspace.authorityCertificatePath, "-noout", "-text"])
        #expect(text.status == 0 && text.output.contains("verify OK"), "\(text.output)")
        #expect(text.output.contains("Version 2 (0x1)") && text.output.contains("Issuer: CN = Test CA"), "\(text.output)")
        #expect(text.output.contains("Serial Number: \(setup.revoked.issued.serialNumber.hex)"), "\(text.output)")
        #expect(text.output.contains("X509v3 CRL Reason Code: \n                Key Compromise"), "\(text.output)")
        #expect(text.output.contains("X509v3 CRL Number: \n                1\n"), "\(text.output)")
        #expect(text.output.contains("X509v3 Authority Key Identifier"))
        #expect(!text.output.contains(setup.kept.issued.serialNumber.hex))
        let der = try runOpenSSL(["crl", "-in", workspace.revocationListDERPath, "-inform", "DER", "-CAfile", workspace.authorityCertificatePath,
                                  "-noout"])
        #expect(der.status == 0 && der.output.contains("verify OK"), "\(der.output)")

        func verify(_ certificate: String) throws -> (status: Int32, output: String) {
            try runOpenSSL(["verify", "-crl_check", "-CRLfile", workspace.revocationListPath, "-CAfile", workspace.authorityCertificatePath,
                            certificate])
        }
        let refused = try verify(setup.revoked.certificate)
        #expect(refused.status != 0 && refused.output.contains("certificate revoked"), "\(refused.output)")
        let accepted = try verify(setup.kept.certificate)
        #expect(accepted.status == 0 && accepted.output.contains("OK"), "\(accepted.output)")
    }

    @Test func theCRLReadsBackSignedByItsCAOnly() throws {
        let setup = try RevokedFolder()
        let crl = try setup.crl()
        #expect(crl.issuer == setup.authority.subject)
        #expect(crl.thisUpdate == setup.now && crl.nextUpdate == setup.now + 7 * 86_400)
        #expect(crl.revoked == [RevokedCertificate(serialNumber: setup.revoked.issued.serialNumber, revocationDate: setup.now,
                                                   reason: .keyCompromise)])
        #expect(crl.isRevoked(setup.revoked.issued.serialNumber))
        #expect(!crl.isRevoked(setup.kept.issued.serialNumber))
        #expect(crl.isSigned(by: setup.authority))
        #expect(!crl.isSigned(by: try testAuthority.get().root.certificate), "another CA")
        #expect(!crl.isSigned(by: setup.kept.issued), "a certificate the CA issued")
        // An impostor CA with the same name but its own key.
        let impostor = try CertificateAuthority.create(commonName: "Test CA", keySize: .bits2048).root.certificate
        #expect(!crl.isSigned(by: impostor))

        let der = try [UInt8](Data(contentsOf: URL(fileURLWithPath: setup.workspace.revocationListDERPath)))
        #expect(try CertificateRevocationList(derEncoded: der).revoked == crl.revoked)
        // One bit of the signature, or of the signed serial, and the signature fails.
        var badSignature = der
        badSignature[der.count - 1] ^= 0x01
        #expect(!(try CertificateRevocationList(derEncoded: badSignature).isSigned(by: setup.authority)))
        let serial = Array(setup.revoked.issued.serialNumber.bytes)
        let at = try #require(firstIndex(of: serial, in: der))
        var badSerial = der
        badSerial[at + serial.count - 1] ^= 0x01
        let altered = try CertificateRevocationList(derEncoded: badSerial)
        #expect(!altered.isSigned(by: setup.authority))
        #expect(!altered.isRevoked(setup.revoked.issued.serialNumber))
    }

    /// A CRL made by `openssl ca -gencrl` (v1 without extensions, then v2
    /// with a CRL number and a reason) reads with the same answers.
    @Test func opensslMadeCRLsReadTheSame() throws {
        let setup = try RevokedFolder()
        let workspace = setup.workspace
        let folder = setup.folder
        try "".write(toFile: folder.path("index.txt"), atomically: false, encoding: .utf8)
        try "1000\n".write(toFile: folder.path("crlnumber"), atomically: false, encoding: .utf8)
        let v1 = """
            [ ca ]
            default_ca = gatehouse
            [ gatehouse ]
            database = \(folder.path("index.txt"))
            certificate = \(workspace.authorityCertificatePath)
            private_key = \(workspace.authorityKeyPath)
            default_md = sha256
            default_crl_days = 30

            """
        let v2 = v1 + "crlnumber = \(folder.path("crlnumber"))\ncrl_extensions = crl_ext\n[ crl_ext ]\nauthorityKeyIdentifier = keyid:always\n"
        try v1.write(toFile: folder.path("v1.cnf"), atomically: false, encoding: .utf8)
        try v2.write(toFile: folder.path("v2.cnf"), atomically: false, encoding: .utf8)
        func openssl(_ arguments: [String]) throws {
            let result = try runOpenSSL(arguments)
            try #require(result.status == 0, "openssl \(arguments.joined(separator: " ")): \(result.output)")
        }

        try openssl(["ca", "-config", folder.path("v1.cnf"), "-revoke", setup.kept.certificate])
        try openssl(["ca", "-config", folder.path("v1.cnf"), "-gencrl", "-out", folder.path("v1.pem")])
        let first = try CertificateRevocationList(pemEncoded: String(contentsOfFile: folder.path("v1.pem"), encoding: .utf8))
        #expect(first.isSigned(by: setup.authority) && first.issuer == setup.authority.subject)
        #expect(first.isRevoked(setup.kept.issued.serialNumber) && !first.isRevoked(setup.revoked.issued.serialNumber))
        #expect(first.revoked.map(\.reason) == [nil])
        // openssl reads the clock once per field, so a second may pass between them.
        let validity = try #require(first.nextUpdate).timeIntervalSince(first.thisUpdate)
        #expect((30 * 86_400.0...(30 * 86_400.0 + 1)).contains(validity))

        try openssl(["ca", "-config", folder.path("v2.cnf"), "-revoke", setup.revoked.certificate, "-crl_reason", "keyCompromise"])
        try openssl(["ca", "-config", folder.path("v2.cnf"), "-gencrl", "-out", folder.path("v2.pem")])
        let second = try CertificateRevocationList(pemEncoded: String(contentsOfFile: folder.path("v2.pem"), encoding: .utf8))
        #expect(second.isSigned(by: setup.authority))
        #expect(second.isRevoked(setup.kept.issued.serialNumber) && second.isRevoked(setup.revoked.issued.serialNumber))
        let reasons = Dictionary(uniqueKeysWithValues: second.revoked.map { ($0.serialNumber, $0.reason) })
        #expect(reasons == [setup.kept.issued.serialNumber: nil, setup.revoked.issued.serialNumber: .keyCompromise])
        #expect(!second.isSigned(by: try testAuthority.get().root.certificate))
    }

    /// Revocations accumulate, each by name, serial or file, never twice;
    /// every CRL gets the next number.
    @Test func revocationsAccumulateAndCRLNumbersGrow() throws {
        let setup = try RevokedFolder()
        let workspace = setup.workspace
        #expect(throws: PKIFiles.Failure.self, "already revoked") { try workspace.revoke(.name("laptop.corp.example.com"), reason: nil) }
        #expect(throws: PKIFiles.Failure.self, "already revoked") {
            try workspace.revoke(.serialNumber(setup.revoked.issued.serialNumber.hex.lowercased()), reason: nil)
        }
        #expect(throws: PKIFiles.Failure.self, "unknown name") { try workspace.revoke(.name("nobody"), reason: nil) }
        #expect(throws: PKIFiles.Failure.self, "not hex") { try workspace.revoke(.serialNumber("xyz"), reason: nil) }
        let stranger = try testAuthority.get().issueClientCertificate(name: "stranger")
        try stranger.certificatePEM().write(toFile: setup.folder.path("stranger.pem"), atomically: false, encoding: .utf8)
        #expect(throws: PKIFiles.Failure.self, "another CA's") { try workspace.revoke(.certificateFile(setup.folder.path("stranger.pem")), reason: nil) }

        // Two certificates for one name: the name alone is ambiguous.
        let second = try workspace.issueClient(name: "alice@example.com", base: "alice-2")
        #expect(throws: PKIFiles.Failure.self, "ambiguous") { try workspace.revoke(.name("alice@example.com"), reason: nil) }
        let colons = second.issued.serialNumber.bytes.map { String(format: "%02x", $0) }.joined(separator: ":")
        let bySerial = try workspace.revoke(.serialNumber(colons), reason: .superseded)
        #expect(bySerial.entry.serialNumber == second.issued.serialNumber && bySerial.issued?.base == "alice-2")
        let byFile = try workspace.revoke(.certificateFile(setup.kept.certificate), reason: .unspecified)
        #expect(byFile.entry.reason == nil, "unspecified is said by leaving the reason out (RFC 5280 §5.3.1)")
        #expect(try workspace.revocations().map(\.serialNumber)
            == [setup.revoked.issued.serialNumber, second.issued.serialNumber, setup.kept.issued.serialNumber])

        let written = try workspace.writeRevocationList()
        #expect(written.number == 2)
        #expect(try workspace.writeRevocationList().number == 3)
        let number = try runOpenSSL(["crl", "-in", workspace.revocationListPath, "-noout", "-crlnumber"])
        #expect(number.output.contains("crlNumber=0x03"), "\(number.output)")
        let crl = try setup.crl()
        #expect(crl.revoked.map(\.reason) == [.keyCompromise, .superseded, nil])
        #expect([setup.revoked, second, setup.kept].allSatisfy { crl.isRevoked($0.issued.serialNumber) })
        let text = try runOpenSSL(["crl", "-in", workspace.revocationListPath, "-noout", "-text"]).output
        #expect(text.components(separatedBy: "CRL Reason Code").count == 3 && text.contains("Superseded"), "\(text)")
    }

    /// Through the command line, as an admin runs it.
    @Test func commandLineRevokesAndWritesTheCRL() throws {
        let folder = try TemporaryFolder()
        let pki = folder.path("pki")
        #expect(try runGatehouse(["pki", "init", "--dir", pki, "--bits", "2048"]).status == 0)
        #expect(try runGatehouse(["pki", "client", "--dir", pki, "laptop.corp.example.com"]).status == 0)
        let revoke = try runGatehouse(["pki", "revoke", "--dir", pki, "laptop.corp.example.com", "--reason", "keyCompromise", "--days", "3"])
        #expect(revoke.status == 0 && revoke.output.contains("reason keyCompromise") && revoke.output.contains("CRL number 1, 1 revoked"),
                "\(revoke.output)")
        let crl = try runGatehouse(["pki", "crl", "--dir", pki])
        #expect(crl.status == 0 && crl.output.contains("CRL number 2, 1 revoked"), "\(crl.output)")
        let badReason = try runGatehouse(["pki", "revoke", "--dir", pki, "--serial", "01", "--reason", "bored"])
        #expect(badReason.status != 0 && badReason.output.contains("--reason must be one of"), "\(badReason.output)")
        let twoTargets = try runGatehouse(["pki", "revoke", "--dir", pki, "laptop.corp.example.com", "--serial", "01"])
        #expect(twoTargets.status != 0, "\(twoTargets.output)")
    }

    /// Reading back what the CA writes, for dates on both sides of 2050
    /// (UTCTime, then GeneralizedTime, RFC 5280 §5.1.2.4), with and
    /// without entries and reasons.
    @Test(arguments: [(Date(timeIntervalSince1970: 1_800_000_000), 30 * 86_400.0), (Date(timeIntervalSince1970: 2_524_607_999), 2.0)])
    func whatTheCAWritesReadsBack(thisUpdate: Date, validity: TimeInterval) throws {
        let authority = CRLFuzzCheck.authority
        let entries = [
            RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: [0x80, 0x01]), revocationDate: thisUpdate - 10, reason: .cACompromise),
            RevokedCertificate(serialNumber: Certificate.SerialNumber(bytes: [0x00]), revocationDate: thisUpdate - 86_400 * 365 * 40, reason: nil),
            RevokedCertificate(serialNumber: Certificate.SerialNumber(), revocationDate: thisUpdate, reason: RevocationReason(rawValue: 7)),
        ]
        for revoked in [[], entries] {
            let der = try authority.revocationList(revoked: revoked, number: 42, thisUpdate: thisUpdate, nextUpdate: thisUpdate + validity)
            let crl = try CertificateRevocationList(derEncoded: der)
            #expect(crl.revoked == revoked && crl.thisUpdate == thisUpdate && crl.nextUpdate == thisUpdate + validity)
            #expect(crl.isSigned(by: authority.root.certificate))
        }
    }

    @Test(arguments: [(1970, 1, 1, 0), (2000, 2, 29, 11_016), (2049, 12, 31, 29_219), (2050, 1, 1, 29_220), (1950, 1, 1, -7305),
                      (9999, 12, 31, 2_932_896), (1, 1, 1, -719_162)])
    func civilDates(year: Int, month: Int, day: Int, days: Int) {
        #expect(X509Time.days(year: year, month: month, day: day) == days)
        #expect(X509Time.civil(days: days) == (year, month, day))
    }
}

/// Where `needle` first occurs in `haystack`.
func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
}
