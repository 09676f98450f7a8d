import Foundation
import IKEEngine
import Testing
@testable import Gateway

/// The PowerShell `gatehouse windows-setup` and the docker entry point print.
@Suite struct WindowsClientSetupTests {
    func settings(ike: String, esp: String) throws -> WindowsClientSetup.IPsecSettings? {
        WindowsClientSetup.ipsecSettings(ike: [try IKEProposalPolicy(parsing: ike)], esp: [try ESPProposalPolicy(parsing: esp)])
    }

    /// Both profiles get the strongest settings every Windows 8+ client can
    /// be given: IKE on AES-CBC (no GCM for IKE before Windows 11), ESP GCM.
    @Test func bothProfilesGetAES256SHA256ECP256AndGCM() {
        for (ike, esp) in [(DefaultProposals.ike, DefaultProposals.esp), (DefaultProposals.strictIKE, DefaultProposals.strictESP)] {
            let chosen = WindowsClientSetup.ipsecSettings(ike: ike, esp: esp)
            #expect(chosen?.encryptionMethod == "AES256" && chosen?.integrityCheckMethod == "SHA256" && chosen?.dhGroup == "ECP256")
            #expect(chosen?.cipherTransform == "GCMAES256" && chosen?.authenticationTransform == "GCMAES256")
        }
    }

    /// Explicit proposals: the first choice they accept, transform by
    /// transform, or nothing.
    @Test func explicitProposalsNarrowTheChoice() throws {
        let legacy = try settings(ike: "aes256-sha1-modp1024", esp: "aes256-sha1-noesn")
        #expect(legacy?.encryptionMethod == "AES256" && legacy?.integrityCheckMethod == "SHA1" && legacy?.dhGroup == "Group2")
        #expect(legacy?.cipherTransform == "AES256" && legacy?.authenticationTransform == "SHA196")
        let modp = try settings(ike: "aes128-sha256-modp2048", esp: "aes128-sha256-noesn")
        #expect(modp?.dhGroup == "Group14" && modp?.encryptionMethod == "AES128")
        #expect(modp?.cipherTransform == "AES128" && modp?.authenticationTransform == "SHA256128")
        #expect(try settings(ike: "aes128-sha256-modp2048", esp: "aes128-sha256-esn") == nil, "Windows does not do ESN")
        #expect(try settings(ike: "chacha20poly1305-prfsha256-curve25519", esp: "aes256gcm16") == nil)
    }

    @Test func theScriptTrustsTheCAAndCreatesTheConnection() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy()
        let settings = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        let pem = try String(contentsOf: copy.folder.appendingPathComponent("certs/ca.pem"), encoding: .utf8)
        let script = WindowsClientSetup(settings: settings, connectionName: "Corp's VPN", authorityPEM: pem).script
        #expect(script.contains(#"Import-Certificate -FilePath .\gatehouse-ca.cer -CertStoreLocation Cert:\LocalMachine\Root"#))
        #expect(script.contains("Add-VpnConnection -Name 'Corp''s VPN' -ServerAddress 'vpn.example.com' -TunnelType Ikev2 -AuthenticationMethod Eap "))
        #expect(!script.contains("MachineCertificate") && !script.contains("-SplitTunneling"), "EAP users only, full tunnel")
        #expect(script.contains("Set-VpnConnectionIPsecConfiguration -ConnectionName 'Corp''s VPN' -EncryptionMethod AES256 "
                                + "-IntegrityCheckMethod SHA256 -DHGroup ECP256 -CipherTransformConstants GCMAES256 "
                                + "-AuthenticationTransformConstants GCMAES256 -PfsGroup None -AllUserConnection -Force"))
        #expect(script.hasSuffix("-----END CERTIFICATE-----\n"))
    }

    @Test func aSplitTunnelAndCertificatesGetTheirLines() throws {
        let copy = try GatewaySettingsTests.QuickStartCopy(replacing: [
            ("  ipv6-leak-protection: auto", "  ipv6-leak-protection: auto\n  split-tunnel: [203.0.113.0/24]"),
            ("  secrets: secrets.yaml", "  secrets: secrets.yaml\n  certificates:\n    authorities: [certs/ca.pem]"),
        ])
        _ = try GatewaySettings.load(path: copy.config, createMissingCertificates: true)
        let settings = try GatewaySettings.load(path: copy.config)
        let script = WindowsClientSetup(settings: settings, connectionName: "Gatehouse", authorityPEM: nil).script
        #expect(script.contains("Add-VpnConnection -Name 'Gatehouse (password)' ") && script.contains("-AuthenticationMethod Eap -EncryptionLevel Required -RememberCredential -AllUserConnection -SplitTunneling"))
        #expect(script.contains("Add-VpnConnection -Name 'Gatehouse (certificate)' ") && script.contains("-AuthenticationMethod MachineCertificate"))
        #expect(script.contains("Add-VpnConnectionRoute -ConnectionName 'Gatehouse (certificate)' -DestinationPrefix 203.0.113.0/24 -AllUserConnection"))
        #expect(!script.contains("BEGIN CERTIFICATE"))
    }
}
