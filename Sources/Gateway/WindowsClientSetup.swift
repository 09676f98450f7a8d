import IKEEngine

/// The PowerShell an admin runs on a Windows client to connect to this
/// gateway: trust the CA, create the built-in IKEv2 connection for each way
/// the gateway checks clients, and raise its algorithms above Windows'
/// defaults (MODP-1024, SHA-1) to the strongest settings Windows can express
/// that the configured proposals accept. The docker entry point prints it on
/// the first start; `gatehouse windows-setup` prints it any time.
public struct WindowsClientSetup: Sendable {
    /// Arguments of `Set-VpnConnectionIPsecConfiguration`, with the
    /// proposal strings (strongSwan syntax) they make Windows send.
    public struct IPsecSettings: Equatable, Sendable {
        public let encryptionMethod, integrityCheckMethod, dhGroup: String
        public let cipherTransform, authenticationTransform: String
        let ike, esp: String
    }

    /// What Windows 8 and later can be told, strongest first. IKE stays on
    /// AES-CBC: Windows before 11 has no AES-GCM for IKE. PFS stays off:
    /// Windows then rekeys without a key exchange, which Gatehouse accepts.
    private static let ikeChoices: [(encryption: String, integrity: String, group: String, proposal: String)] = [
        ("AES256", "SHA256", "ECP256", "aes256-sha256-ecp256"),
        ("AES256", "SHA256", "Group14", "aes256-sha256-modp2048"),
        ("AES256", "SHA384", "ECP384", "aes256-sha384-ecp384"),
        ("AES128", "SHA256", "ECP256", "aes128-sha256-ecp256"),
        ("AES128", "SHA256", "Group14", "aes128-sha256-modp2048"),
        ("AES256", "SHA1", "Group14", "aes256-sha1-modp2048"),
        ("AES256", "SHA1", "Group2", "aes256-sha1-modp1024"),
        ("DES3", "SHA1", "Group2", "3des-sha1-modp1024"),
    ]
    private static let espChoices: [(cipher: String, authentication: String, proposal: String)] = [
        ("GCMAES256", "GCMAES256", "aes256gcm16-noesn"),
        ("GCMAES128", "GCMAES128", "aes128gcm16-noesn"),
        ("AES256", "SHA256128", "aes256-sha256-noesn"),
        ("AES128", "SHA256128", "aes128-sha256-noesn"),
        ("AES256", "SHA196", "aes256-sha1-noesn"),
        ("DES3", "SHA196", "3des-sha1-noesn"),
    ]

    /// The strongest settings the gateway's proposals accept; nil when
    /// explicit proposals leave Windows nothing it can propose.
    public static func ipsecSettings(ike: [IKEProposalPolicy], esp: [ESPProposalPolicy]) -> IPsecSettings? {
        let ikeChoice = ikeChoices.first { choice in
            guard let offer = try? IKEProposalPolicy(parsing: choice.proposal) else { return false }
            return ike.contains { policy in
                offer.encryption.allSatisfy(policy.encryption.contains) && offer.integrity.allSatisfy(policy.integrity.contains)
                    && offer.prf.allSatisfy(policy.prf.contains) && offer.groups.allSatisfy(policy.groups.contains)
            }
        }
        let espChoice = espChoices.first { choice in
            guard let offer = try? ESPProposalPolicy(parsing: choice.proposal) else { return false }
            return esp.contains { policy in
                offer.encryption.allSatisfy(policy.encryption.contains) && offer.integrity.allSatisfy(policy.integrity.contains)
                    && offer.extendedSequenceNumbers.allSatisfy(policy.extendedSequenceNumbers.contains)
            }
        }
        guard let ikeChoice, let espChoice else { return nil }
        return IPsecSettings(encryptionMethod: ikeChoice.encryption, integrityCheckMethod: ikeChoice.integrity, dhGroup: ikeChoice.group,
                             cipherTransform: espChoice.cipher, authenticationTransform: espChoice.authentication,
                             ike: ikeChoice.proposal, esp: espChoice.proposal)
    }

    public let server: String
    public let connectionName: String
    public let eap: Bool
    public let machineCertificates: Bool
    public let splitTunnel: [String]
    public let ipsec: IPsecSettings?
    /// The CA certificate (PEM) to save on the client, if known.
    public let authorityPEM: String?

    public init(settings: GatewaySettings, connectionName: String, authorityPEM: String?) {
        server = settings.identity
        self.connectionName = connectionName
        eap = settings.radius != nil || settings.directory != nil || settings.secrets.count > 0
        machineCertificates = settings.clientCertificates != nil
        splitTunnel = settings.engine.network.protectedSubnets.map(\.description) + settings.engine.network.protectedSubnets6.map(\.description)
        ipsec = Self.ipsecSettings(ike: settings.engine.ikeProposals, esp: settings.engine.espProposals)
        self.authorityPEM = authorityPEM
    }

    /// The instructions, as comments and PowerShell lines.
    public var script: String {
        var lines = ["# Windows clients of \(server): run in an elevated PowerShell on each client."]
        lines.append("# 1. Trust the CA that issued the gateway's certificate"
                     + (authorityPEM == nil ? " (ca.pem, saved as gatehouse-ca.cer):" : ": save the certificate at the end as gatehouse-ca.cer, then"))
        lines.append(#"Import-Certificate -FilePath .\gatehouse-ca.cer -CertStoreLocation Cert:\LocalMachine\Root"#)
        lines.append("# 2. The connection" + (eap && machineCertificates ? "s, one per way of signing in:" : ":"))
        // One connection per way of signing in; Windows ties the method to the connection.
        let methods = (eap ? [("password", "Eap -EncryptionLevel Required -RememberCredential")] : [])
            + (machineCertificates ? [("certificate", "MachineCertificate -EncryptionLevel Required")] : [])
        let names = methods.map { methods.count > 1 ? "\(connectionName) (\($0.0))" : connectionName }
        for (name, method) in zip(names, methods) {
            lines.append("Add-VpnConnection -Name \(Self.quoted(name)) -ServerAddress \(Self.quoted(server)) -TunnelType Ikev2 "
                         + "-AuthenticationMethod \(method.1) -AllUserConnection" + (splitTunnel.isEmpty ? "" : " -SplitTunneling"))
        }
        if !splitTunnel.isEmpty {
            lines.append("# Split tunnel: only these networks go through the gateway.")
            for name in names {
                for subnet in splitTunnel {
                    lines.append("Add-VpnConnectionRoute -ConnectionName \(Self.quoted(name)) -DestinationPrefix \(subnet) -AllUserConnection")
                }
            }
        }
        if let ipsec {
            lines.append("# 3. Stronger algorithms than Windows' defaults (IKE \(ipsec.ike), ESP \(ipsec.esp)); the gateway accepts them."
                         + " Windows 7 has no such command and offers MODP-1024, which proposals profile default accepts.")
            for name in names {
                lines.append("Set-VpnConnectionIPsecConfiguration -ConnectionName \(Self.quoted(name)) "
                             + "-EncryptionMethod \(ipsec.encryptionMethod) -IntegrityCheckMethod \(ipsec.integrityCheckMethod) "
                             + "-DHGroup \(ipsec.dhGroup) -CipherTransformConstants \(ipsec.cipherTransform) "
                             + "-AuthenticationTransformConstants \(ipsec.authenticationTransform) -PfsGroup None -AllUserConnection -Force")
            }
        } else {
            lines.append("# 3. The configured proposals accept none of the IPsec settings Windows can be given;"
                         + " only Windows' defaults can connect, if the proposals accept them.")
        }
        if let authorityPEM { lines.append(authorityPEM.trimmingTrailingNewlines) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A PowerShell string literal: single quotes, with ' doubled.
    static func quoted(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
    }
}

private extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
