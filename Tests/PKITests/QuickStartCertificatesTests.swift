import Foundation
import IKECrypto
import Testing
import X509
@testable import PKI

@Suite struct QuickStartCertificatesTests {
    private func quickStart(in folder: TemporaryFolder) -> QuickStartCertificates {
        QuickStartCertificates(certificatePath: folder.path("certs/gateway.pem"), privateKeyPath: folder.path("certs/gateway.key"),
                               authorityCertificatePath: folder.path("certs/ca.pem"), identity: "vpn.example.com")
    }

    @Test func createsCAAndGatewayOnceWithPrivateKeys() throws {
        let folder = try TemporaryFolder()
        let pki = quickStart(in: folder)
        #expect(pki.isMissing)
        #expect(try pki.createIfMissing() == .created(newAuthority: true))
        #expect(!pki.isMissing)
        for (name, mode) in [("gateway.pem", 0o644), ("gateway.key", 0o600), ("ca.pem", 0o644), ("ca.key", 0o600)] {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.path("certs/\(name)"))
            #expect((attributes[.posixPermissions] as? Int) == mode, "\(name)")
        }
        let gatewayPEM = try String(contentsOfFile: folder.path("certs/gateway.pem"), encoding: .utf8)
        let keyPEM = try String(contentsOfFile: folder.path("certs/gateway.key"), encoding: .utf8)
        let gateway = try Certificate(pemEncoded: gatewayPEM)
        let authority = try Certificate(pemEncoded: String(contentsOfFile: folder.path("certs/ca.pem"), encoding: .utf8))
        #expect(authority.publicKey.isValidSignature(gateway.signature, for: gateway))
        let gatewayDER = try #require(PEMBlock.der(label: "CERTIFICATE", in: gatewayPEM))
        #expect(GatewayCertificateCheck.findings(chain: [gatewayDER], privateKeyPEM: keyPEM, identity: "vpn.example.com").isEmpty)

        #expect(try pki.createIfMissing() == .present)
        #expect(try String(contentsOfFile: folder.path("certs/gateway.pem"), encoding: .utf8) == gatewayPEM)
    }

    @Test func existingAuthorityIsReused() throws {
        let folder = try TemporaryFolder()
        let pki = quickStart(in: folder)
        _ = try pki.createIfMissing()
        let authorityPEM = try String(contentsOfFile: folder.path("certs/ca.pem"), encoding: .utf8)
        try FileManager.default.removeItem(atPath: folder.path("certs/gateway.pem"))
        try FileManager.default.removeItem(atPath: folder.path("certs/gateway.key"))
        #expect(try pki.createIfMissing() == .created(newAuthority: false))
        #expect(try String(contentsOfFile: folder.path("certs/ca.pem"), encoding: .utf8) == authorityPEM)
        let gateway = try Certificate(pemEncoded: String(contentsOfFile: folder.path("certs/gateway.pem"), encoding: .utf8))
        #expect(try Certificate(pemEncoded: authorityPEM).publicKey.isValidSignature(gateway.signature, for: gateway))
    }

    /// A certificate without its key (or the reverse) is an admin's
    /// mistake to fix, never a reason to overwrite a file.
    @Test func halfAPairIsRefused() throws {
        let folder = try TemporaryFolder()
        let pki = quickStart(in: folder)
        _ = try pki.createIfMissing()
        try FileManager.default.removeItem(atPath: folder.path("certs/gateway.key"))
        let before = try String(contentsOfFile: folder.path("certs/gateway.pem"), encoding: .utf8)
        #expect(throws: QuickStartCertificates.Failure.self) { try pki.createIfMissing() }
        #expect(try String(contentsOfFile: folder.path("certs/gateway.pem"), encoding: .utf8) == before)
        #expect(!FileManager.default.fileExists(atPath: folder.path("certs/gateway.key")))
    }

    @Test func authorityWithoutItsKeyIsRefused() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path("certs"), withIntermediateDirectories: true)
        try testAuthority.get().root.certificatePEM().write(toFile: folder.path("certs/ca.pem"), atomically: true, encoding: .utf8)
        #expect(throws: QuickStartCertificates.Failure.self) { try quickStart(in: folder).createIfMissing() }
        #expect(!FileManager.default.fileExists(atPath: folder.path("certs/gateway.pem")))
    }
}
