import Foundation
import Testing

/// Case A against strongSwan: machine certificates issued by `gatehouse pki`
/// (the harness's client_pki), next to EAP users on the same gateway.
extension InteropTests {
    @Test func certificateClientsConnectBesideEAPUsersAndUntrustedOnesAreRefused() throws {
        try Self.withLab {
            // IDi = the subject DN, as Windows sends it with a machine certificate.
            #expect(try Self.connect("cert"))
            let address = try #require(try Self.clientAddress("cert"))
            #expect(address.hasPrefix("198.18.4."), "a rule puts laptop1 in pool machines: \(address)")
            // An EAP user at the same time, on the same gateway.
            #expect(try Self.connect("eap"))
            let gateway = try Self.gatewaySAs()
            #expect(gateway.count == 2)
            #expect(gateway.contains { $0.user == "CN=laptop1.example.com" && $0.virtualAddresses == [address] && $0.state == "established" },
                    "\(gateway.map(\.user))")
            #expect(gateway.contains { $0.user == "alice" })
            #expect(try Self.ping(2), "traffic flows through the certificate client's tunnel")

            // IDi = the SAN's DNS name, bound to the same certificate: the
            // same client by name, so it replaces the first SA (uniqueness).
            #expect(try Self.connect("cert-fqdn"))
            Thread.sleep(forTimeInterval: 1)
            let users = try Self.gatewaySAs().map(\.user)
            #expect(users.filter { $0 == "CN=laptop1.example.com" }.count == 1, "\(users)")

            // Revoked by the CRL `gatehouse pki revoke` wrote, and a CA with
            // the same name but another key: both refused.
            #expect(try !Self.connect("cert-revoked"))
            #expect(try !Self.connect("cert-other-ca"))
            let logs = try Self.harness("logs", "400").output
            #expect(logs.contains("is revoked by the CRL of"))
            #expect(logs.contains("not issued by a trusted CA"))
            #expect(try Self.gatewaySAs().count == 2, "the refused clients left nothing behind")
        }
    }
}
