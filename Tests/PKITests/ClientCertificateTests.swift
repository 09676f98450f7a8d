import Foundation
import IKECrypto
import SwiftASN1
import Testing
import X509
@testable import PKI

/// `gatehouse pki client`: the certificate, its files and the PKCS#12
/// file, checked with swift-certificates and the openssl CLI.
@Suite struct ClientCertificateTests {
    /// A host name is a machine (DNS SAN), an e-mail address a user (e-mail
    /// SAN), anything else only the common name.
    @Test(arguments: [
        ("laptop.corp.example.com", nil, [GeneralName.dnsName("laptop.corp.example.com")]),
        ("alice@example.com", nil, [.rfc822Name("alice@example.com")]),
        ("alice", "alice@example.com", [.rfc822Name("alice@example.com")]),
        ("laptop.corp.example.com", "it@example.com", [.dnsName("laptop.corp.example.com"), .rfc822Name("it@example.com")]),
        ("alice", nil, []),
        ("192.0.2.1", nil, []),
    ] as [(String, String?, [GeneralName])])
    func certificateIsForClientAuthentication(name: String, email: String?, expectedNames: [GeneralName]) throws {
        let authority = try testAuthority.get()
        let certificate = try authority.issueClientCertificate(name: name, email: email).certificate
        #expect(certificate.subject.description == "CN=\(name)")
        #expect(try certificate.extensions.subjectAlternativeNames.map(Array.init) ?? [] == expectedNames)
        #expect(try certificate.extensions.extendedKeyUsage.map(Array.init) == [.clientAuth])
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true, keyEncipherment: true))
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(certificate.extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
        #expect(certificate.extensions[oid: .X509ExtensionID.keyUsage]?.critical == true)
        let authorityKey = try #require(try authority.root.certificate.extensions.subjectKeyIdentifier)
        #expect(try certificate.extensions.authorityKeyIdentifier?.keyIdentifier == authorityKey.keyIdentifier)
        #expect(try certificate.extensions.subjectKeyIdentifier == SubjectKeyIdentifier(hash: certificate.publicKey))
        #expect(certificate.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(authority.root.certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
    }

    @Test(arguments: [("", nil), ("a\tb", nil), ("alice", "not an address"), ("alice", "alice@"), ("alice", "@example.com")] as [(String, String?)])
    func badNamesAreRefused(name: String, email: String?) {
        #expect(throws: PKIFiles.Failure.self) { try ClientNames(name: name, email: email) }
    }

    @Test(arguments: [("vpn.example.com", true), ("a-b.example", true), ("laptop", false), ("192.0.2.1", false), ("-a.example.com", false),
                      ("a..example.com", false), ("a_b.example.com", false), ("alice@example.com", false)])
    func hostNames(text: String, isHostName: Bool) {
        #expect(ClientNames.isHostName(text) == isHostName)
    }

    @Test(arguments: [PKCS12Bundle.Encryption.aes256, .legacy3DES])
    func filesAreWhatOpenSSLExpects(encryption: PKCS12Bundle.Encryption) throws {
        let folder = try TemporaryFolder()
        let workspace = PKIWorkspace(folder: folder.path("pki"))
        try workspace.initialize(commonName: "Test CA", keySize: .bits2048)
        let files = try workspace.issueClient(name: "laptop.corp.example.com", encryption: encryption)
        let passwordFile = try #require(files.passwordFile)
        #expect(files.pkcs12 == workspace.path("laptop.corp.example.com.p12") && passwordFile == files.pkcs12 + ".password")
        for (path, mode) in [(files.key, 0o600), (files.pkcs12, 0o600), (passwordFile, 0o600), (files.certificate, 0o644)] {
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == mode, "\(path)")
        }
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(password.count == 20)

        let verify = try runOpenSSL(["verify", "-purpose", "sslclient", "-CAfile", workspace.authorityCertificatePath, files.certificate])
        #expect(verify.status == 0 && verify.output.contains("OK"), "\(verify.output)")

        // OpenSSL 3 names the protection of both bags and the MAC.
        let info = try runOpenSSL(["pkcs12", "-info", "-noout", "-in", files.pkcs12, "-passin", "file:\(passwordFile)"])
        #expect(info.status == 0, "\(info.output)")
        switch encryption {
        case .aes256:
            #expect(info.output.contains("MAC: sha256"), "\(info.output)")
            #expect(info.output.contains("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC"), "\(info.output)")
            #expect(info.output.contains("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC"), "\(info.output)")
            #expect(!info.output.contains("TripleDES"))
        case .legacy3DES:
            #expect(info.output.contains("MAC: sha1"), "\(info.output)")
            #expect(info.output.contains("Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC"), "\(info.output)")
            #expect(info.output.contains("PKCS7 Encrypted data: pbeWithSHA1And3-KeyTripleDES-CBC"), "\(info.output)")
            #expect(!info.output.contains("AES") && !info.output.contains("RC2"))
        }

        // The key inside is the certificate's, and both certificates are there under the friendly name.
        let key = try runOpenSSL(["pkcs12", "-in", files.pkcs12, "-passin", "file:\(passwordFile)", "-nocerts", "-nodes"])
        let keyDER = try #require(PEMBlock.der(label: "PRIVATE KEY", in: key.output), "\(key.output)")
        let privateKey = try Certificate.PrivateKey(pemDocument: PEMDocument(type: "PRIVATE KEY", derBytes: keyDER))
        #expect(privateKey.publicKey == files.issued.publicKey)
        #expect(key.output.contains("friendlyName: laptop.corp.example.com"))
        let certificates = try runOpenSSL(["pkcs12", "-in", files.pkcs12, "-passin", "file:\(passwordFile)", "-nokeys"])
        let subjects = try #require(PEMBlock.all(label: "CERTIFICATE", in: certificates.output)).map { try Certificate(derEncoded: $0).subject }
        #expect(Set(subjects.map(\.description)) == ["CN=laptop.corp.example.com", "CN=Test CA"])

        let wrong = try runOpenSSL(["pkcs12", "-info", "-noout", "-in", files.pkcs12, "-passin", "pass:\(password)x"])
        #expect(wrong.status != 0, "a wrong password must fail the MAC check")
    }

    /// Nothing is replaced: not the key, the certificate, the PKCS#12
    /// file or its password; a second client under the same name needs
    /// another --out.
    @Test func existingFilesAreNeverReplaced() throws {
        let folder = try TemporaryFolder()
        let workspace = PKIWorkspace(folder: folder.path("pki"))
        try workspace.initialize(commonName: "Test CA", keySize: .bits2048)
        let first = try workspace.issueClient(name: "alice@example.com")
        let before = try [first.key, first.certificate, first.pkcs12].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(throws: PKIFiles.Failure.self) { try workspace.issueClient(name: "alice@example.com") }
        // Even when only the password file is in the way.
        try "x\n".write(toFile: workspace.path("bob.p12.password"), atomically: false, encoding: .utf8)
        #expect(throws: PKIFiles.Failure.self) { try workspace.issueClient(name: "bob") }
        #expect(!FileManager.default.fileExists(atPath: workspace.path("bob.key")))
        let after = try [first.key, first.certificate, first.pkcs12].map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(before == after)
        let second = try workspace.issueClient(name: "alice@example.com", base: "alice-2")
        #expect(second.certificate == workspace.path("alice-2.pem"))
        let issued = try PKIFiles.rows(in: workspace.issuedPath).map { try IssuedRecord(row: $0, path: workspace.issuedPath) }
        #expect(issued.map(\.name) == ["alice@example.com", "alice@example.com"])
        #expect(issued.map(\.serialNumber) == [first.issued.serialNumber, second.issued.serialNumber])
        #expect(issued.map(\.base) == ["alice@example.com", "alice-2"])
    }

    @Test func passwordComesFromAFileOrTheEnvironment() throws {
        let folder = try TemporaryFolder()
        let passwordFile = folder.path("password")
        try "first line\r\nsecond line\n".write(toFile: passwordFile, atomically: false, encoding: .utf8)
        #expect(try PKIWorkspace.password(from: .file(passwordFile)) == "first line")
        setenv("GATEHOUSE_TEST_P12_PASSWORD", "from the environment", 1)
        #expect(try PKIWorkspace.password(from: .environment("GATEHOUSE_TEST_P12_PASSWORD")) == "from the environment")
        #expect(throws: PKIFiles.Failure.self) { try PKIWorkspace.password(from: .environment("GATEHOUSE_TEST_P12_UNSET")) }
        try "\nsecond line\n".write(toFile: passwordFile, atomically: false, encoding: .utf8)
        #expect(throws: PKIFiles.Failure.self) { try PKIWorkspace.password(from: .file(passwordFile)) }
        let generated = try PKIWorkspace.password(from: .generated)
        #expect(generated.count == 20 && generated.allSatisfy { $0.isLetter || $0.isNumber } && !generated.contains { "0O1lI".contains($0) })
        #expect(try PKIWorkspace.password(from: .generated) != generated)
    }

    /// The command line prints where the password is, never the password.
    @Test func commandLineNeverPrintsThePassword() throws {
        let folder = try TemporaryFolder()
        let pki = folder.path("pki")
        #expect(try runGatehouse(["pki", "init", "--dir", pki, "--bits", "2048"]).status == 0)
        let generated = try runGatehouse(["pki", "client", "--dir", pki, "laptop.corp.example.com"])
        #expect(generated.status == 0, "\(generated.output)")
        let passwordFile = pki + "/laptop.corp.example.com.p12.password"
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(generated.output.contains(passwordFile))
        #expect(!generated.output.contains(password))

        let chosen = "Correct-Horse-\(UUID().uuidString)"
        let fromEnvironment = try runGatehouse(["pki", "client", "--dir", pki, "bob", "--email", "bob@example.com", "--legacy",
                                                "--password-env", "GATEHOUSE_P12"], environment: ["GATEHOUSE_P12": chosen])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.output)")
        #expect(!fromEnvironment.output.contains(chosen))
        #expect(!FileManager.default.fileExists(atPath: pki + "/bob.p12.password"))
        let opened = try run("/usr/bin/openssl", ["pkcs12", "-info", "-noout", "-in", pki + "/bob.p12", "-passin", "env:GATEHOUSE_P12"],
                             environment: ["GATEHOUSE_P12": chosen])
        #expect(opened.status == 0, "\(opened.output)")

        let again = try runGatehouse(["pki", "client", "--dir", pki, "bob", "--password-env", "GATEHOUSE_P12"],
                                     environment: ["GATEHOUSE_P12": chosen])
        #expect(again.status != 0 && again.output.contains("exists"), "\(again.output)")
    }
}
