import Foundation
import Testing
import TestSupport
import X509
import _CryptoExtras
@testable import PKI

@Suite struct GatewayCertificateCheckTests {
    /// A certificate made by the openssl CLI to Windows' requirements passes.
    @Test func opensslFixturePasses() {
        let findings = GatewayCertificateCheck.findings(chain: [GatewayFixture.certificateDER, GatewayFixture.caDER],
                                                        privateKeyPEM: GatewayFixture.privateKeyPEM, identity: GatewayFixture.name)
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func identityMissingFromTheNamesWarns() {
        let findings = GatewayCertificateCheck.findings(chain: [GatewayFixture.certificateDER],
                                                        privateKeyPEM: GatewayFixture.privateKeyPEM, identity: "192.0.2.1")
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.message.contains("no subjectAltName DNS entry for the gateway identity 192.0.2.1") == true)
    }

    @Test func certificateWithoutServerAuthOrNamesWarnsTwice() throws {
        let (certificate, keyPEM) = try makeCertificate(extensions: try Certificate.Extensions { try ExtendedKeyUsage([.clientAuth]) })
        let findings = GatewayCertificateCheck.findings(chain: [certificate], privateKeyPEM: keyPEM, identity: "vpn.example.com")
        #expect(findings.map(\.severity) == [.warning, .warning])
        #expect(findings[0].message.contains("no extended key usage serverAuth"))
        #expect(findings[1].message.contains("13801"))
    }

    @Test func keyOfAnotherCertificateIsAnError() throws {
        let other = try testAuthority.get().issueGatewayCertificate(identity: GatewayFixture.name)
        let findings = GatewayCertificateCheck.findings(chain: [GatewayFixture.certificateDER],
                                                        privateKeyPEM: try other.privateKeyPEM(), identity: GatewayFixture.name)
        #expect(findings.map(\.severity) == [.error])
        #expect(findings.first?.message.contains("does not belong to the certificate") == true)
    }

    /// Issued a year ago for 375 days, so it expires in 10 days; checked
    /// at `offset` from now.
    @Test(arguments: [(400 * 86_400, "expired"), (0, "expires on"), (-367 * 86_400, "not valid before")] as [(TimeInterval, String)])
    func validityIsChecked(offset: TimeInterval, phrase: String) throws {
        let now = Date()
        let issued = try testAuthority.get().issueGatewayCertificate(identity: "vpn.example.com", validity: 375 * 86_400,
                                                                     now: now - 365 * 86_400)
        let findings = GatewayCertificateCheck.findings(chain: [try issued.certificateDER()], privateKeyPEM: try issued.privateKeyPEM(),
                                                        identity: "vpn.example.com", now: now + offset)
        #expect(findings.count == 1 && findings[0].message.contains(phrase), "\(findings)")
        #expect(findings.first?.severity == (phrase == "expires on" ? .warning : .error))
    }

    @Test func chainOutOfOrderWarns() throws {
        let findings = GatewayCertificateCheck.findings(chain: [GatewayFixture.caDER, GatewayFixture.certificateDER],
                                                        privateKeyPEM: GatewayFixture.privateKeyPEM, identity: GatewayFixture.name)
        #expect(findings.contains { $0.message.contains("does not belong") })
        #expect(findings.contains { $0.message.contains("out of order") })
    }

    @Test func garbageIsAnError() {
        let findings = GatewayCertificateCheck.findings(chain: [[0x30, 0x03, 0x02, 0x01]], privateKeyPEM: "", identity: "x")
        #expect(findings.map(\.severity) == [.error])
    }

    @Test(arguments: [("vpn.example.com", "VPN.Example.com", true), ("*.example.com", "vpn.example.com", true),
                      ("*.example.com", "a.vpn.example.com", false), ("*.example.com", "example.com", false),
                      ("*.example.com", ".example.com", false), ("vpn.example.com", "vpn.example.org", false)])
    func nameMatching(pattern: String, name: String, matches: Bool) {
        #expect(GatewayCertificateCheck.matches(pattern: pattern, name: name) == matches)
    }

    /// A certificate for vpn.example.com with only the given extensions,
    /// signed by the test CA.
    private func makeCertificate(extensions: Certificate.Extensions) throws -> ([UInt8], String) {
        let authority = try testAuthority.get()
        let key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey, notValidBefore: Date() - 60, notValidAfter: Date() + 86_400 * 365,
            issuer: authority.root.certificate.subject, subject: try DistinguishedName { CommonName("vpn.example.com") },
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: extensions, issuerPrivateKey: authority.root.privateKey)
        let issued = IssuedCertificate(certificate: certificate, privateKey: key)
        return (try issued.certificateDER(), try issued.privateKeyPEM())
    }
}
