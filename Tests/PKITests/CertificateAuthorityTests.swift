import Foundation
import IKECrypto
import SwiftASN1
import Testing
import X509
@testable import PKI

/// One CA for the suite: RSA key generation is the slow part.
let testAuthority = Result { try CertificateAuthority.create(commonName: "Gatehouse Test CA") }

@Suite struct CertificateAuthorityTests {
    @Test func gatewayCertificateMeetsWindowsRequirements() throws {
        let authority = try testAuthority.get()
        let issued = try authority.issueGatewayCertificate(identity: "vpn.example.com")
        let certificate = issued.certificate
        let usages = try #require(try certificate.extensions.extendedKeyUsage)
        #expect(Array(usages) == [.serverAuth, CertificateAuthority.ipsecIKEIntermediate])
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(Array(names) == [.dnsName("vpn.example.com")])
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true, keyEncipherment: true))
        #expect(certificate.issuer == authority.root.certificate.subject)
        #expect(certificate.subject.description == "CN=vpn.example.com")
        #expect(certificate.signatureAlgorithm == .sha256WithRSAEncryption)
        #expect(authority.root.certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(GatewayCertificateCheck.findings(chain: [try issued.certificateDER()],
                                                 privateKeyPEM: try issued.privateKeyPEM(), identity: "vpn.example.com").isEmpty)
    }

    /// Windows needs an IP identity as a DNS-type SAN (error 13801
    /// otherwise); strongSwan matches ID_IPV4_ADDR against an iPAddress SAN.
    @Test(arguments: [("192.0.2.1", [192, 0, 2, 1] as [UInt8]),
                      ("2001:db8::1", [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [1])])
    func addressIdentityIsBothDNSAndIPName(identity: String, octets: [UInt8]) throws {
        let issued = try testAuthority.get().issueGatewayCertificate(identity: identity)
        let names = try #require(try issued.certificate.extensions.subjectAlternativeNames)
        #expect(Array(names) == [.dnsName(identity), .ipAddress(.init(contentBytes: octets[...]))])
    }

    @Test func authorityIsACriticalCA() throws {
        let root = try testAuthority.get().root.certificate
        #expect(try root.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(root.extensions[oid: .X509ExtensionID.basicConstraints]?.critical == true)
        #expect(try root.extensions.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
        #expect(root.publicKey.isValidSignature(root.signature, for: root))
        #expect(root.notValidAfter.timeIntervalSince(root.notValidBefore) > 9 * 365 * 86_400)
    }

    /// The IKE layer loads keys with OpenSSL: a key issued here signs an
    /// AUTH payload that the certificate's public key verifies.
    @Test func issuedKeySignsIKEAuthentication() throws {
        let issued = try testAuthority.get().issueGatewayCertificate(identity: "vpn.example.com")
        let key = try IKECrypto.PrivateKey(pemEncoded: issued.privateKeyPEM())
        #expect(key.kind == .rsa && key.bitCount == 2048)
        let message = Array("signed octets".utf8)
        let signature = try key.signature(for: message, scheme: .rsaPKCS1v15(.sha256))
        var spki = DER.Serializer()
        try spki.serialize(issued.certificate.publicKey)
        let publicKey = try IKECrypto.PublicKey(subjectPublicKeyInfoDER: spki.serializedBytes)
        #expect(publicKey.isValidSignature(signature, for: message, scheme: .rsaPKCS1v15(.sha256)))
    }

    /// An independent implementation agrees: OpenSSL verifies the chain for
    /// the TLS-server purpose and reads the extensions as intended.
    @Test func opensslVerifiesTheChain() throws {
        let authority = try testAuthority.get()
        let issued = try authority.issueGatewayCertificate(identity: "vpn.example.com")
        let folder = try TemporaryFolder()
        let caPath = folder.path("ca.pem"), gatewayPath = folder.path("gateway.pem")
        try authority.root.certificatePEM().write(toFile: caPath, atomically: true, encoding: .utf8)
        try issued.certificatePEM().write(toFile: gatewayPath, atomically: true, encoding: .utf8)
        let verify = try runOpenSSL(["verify", "-purpose", "sslserver", "-verify_hostname", "vpn.example.com", "-CAfile", caPath, gatewayPath])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("OK"))
        let text = try runOpenSSL(["x509", "-in", gatewayPath, "-noout", "-ext", "extendedKeyUsage,subjectAltName"]).output
        #expect(text.contains("TLS Web Server Authentication, 1.3.6.1.5.5.8.2.2"))
        #expect(text.contains("DNS:vpn.example.com"))
    }
}

/// `gatehouse pki init` and `server` through the workspace they run on.
@Suite struct PKIWorkspaceTests {
    @Test func initThenServerMakesAChainOpenSSLAcceptsForEveryName() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-pki-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let workspace = PKIWorkspace(folder: folder)
        try workspace.initialize(commonName: "Test CA", keySize: .bits2048)
        let (certificate, key, _) = try workspace.issueServer(names: ["vpn.example.com", "192.0.2.1"])
        // Keys are their owner's only; certificates are public.
        for (path, mode) in [(workspace.authorityKeyPath, 0o600), (key, 0o600), (certificate, 0o644)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(path)")
        }
        let verify = try runOpenSSL(["verify", "-CAfile", workspace.authorityCertificatePath, "-purpose", "sslserver", certificate])
        #expect(verify.status == 0, "\(verify.output)")
        let text = try runOpenSSL(["x509", "-in", certificate, "-noout", "-ext", "subjectAltName,extendedKeyUsage"]).output
        // The address as a DNS entry (Windows) and as an IP entry (strongSwan, Android, iOS).
        #expect(text.contains("DNS:vpn.example.com") && text.contains("DNS:192.0.2.1") && text.contains("IP Address:192.0.2.1"), "\(text)")
        #expect(text.contains("TLS Web Server Authentication") && text.contains("1.3.6.1.5.5.8.2.2"), "\(text)")
        // Nothing is ever replaced.
        #expect(throws: PKIFiles.Failure.self) { try workspace.initialize(commonName: "Other CA", keySize: .bits2048) }
        #expect(throws: PKIFiles.Failure.self) { try workspace.issueServer(names: ["vpn.example.com"]) }
    }
}
