import ArgumentParser
import Foundation
import PKI

/// `gatehouse pki`: the CA and the certificates Windows clients need.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create a CA, issue certificates that Windows' IKEv2 client accepts, revoke them and publish the CRL.",
        subcommands: [Initialize.self, Server.self, Client.self, Revoke.self, RevocationList.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .customLong("dir"), help: "The CA's folder (ca.pem, ca.key).")
        var folder = "certs"
    }

    struct Initialize: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a CA (ca.pem, and ca.key readable by its owner only).")
        @OptionGroup var location: Location
        @Option(help: "The CA's name, as clients show it in their trust store.") var name = "Gatehouse CA"
        @Option(help: "RSA key size: 2048, 3072 or 4096.") var bits = 3072

        func run() throws {
            let workspace = PKIWorkspace(folder: location.folder)
            try workspace.initialize(commonName: name, keySize: keySize(bits))
            print("created CA \"\(name)\": \(workspace.authorityCertificatePath) (key \(workspace.authorityKeyPath), mode 0600)")
            print("clients trust it by importing \(workspace.authorityCertificatePath); on Windows into Local Computer, "
                  + "Trusted Root Certification Authorities (certlm.msc, or Import-Certificate -CertStoreLocation Cert:\\LocalMachine\\Root)")
        }
    }

    struct Server: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "server",
            abstract: "Issue the gateway certificate: EKU serverAuth and IKE intermediate, every name as a DNS SAN, addresses also as IP SANs.")
        @OptionGroup var location: Location
        @Argument(help: "The names clients dial (host names or addresses); the first is the common name.") var names: [String]
        @Option(help: "Base file name of the certificate (.pem) and key (.key).") var out = "gateway"

        func run() throws {
            guard !names.isEmpty else { throw ValidationError("give at least one name") }
            let (certificate, key, _) = try PKIWorkspace(folder: location.folder).issueServer(names: names, base: out)
            print("issued \(certificate) (key \(key), mode 0600) for \(names.joined(separator: ", "))")
            print("in the configuration: gateway.identity: \(names[0]), certificate: \(certificate), private-key: \(key)")
        }
    }

    struct Client: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "client",
            abstract: "Issue a machine or user certificate (EKU clientAuth) with its key and a PKCS#12 file to import on the client.")
        @OptionGroup var location: Location
        @Argument(help: "A machine's FQDN (also its DNS SAN), a user's e-mail address (also its e-mail SAN) or a user name.") var name: String
        @Option(help: "Base file name of the certificate (.pem), key (.key) and PKCS#12 file (.p12); default: the name.") var out: String?
        @Option(help: "A file whose first line is the PKCS#12 password.") var passwordFile: String?
        @Option(help: "An environment variable that holds the PKCS#12 password.") var passwordEnv: String?
        @Flag(help: "Encrypt the PKCS#12 file with 3DES and a SHA-1 MAC, which Windows before 10 1709 and older macOS import.")
        var legacy = false
        @Option(help: "RSA key size: 2048, 3072 or 4096.") var bits = 2048
        @Option(help: "The user's e-mail address, as an e-mail SAN.") var email: String?
        @Option(help: "Validity in days.") var days = 730

        func validate() throws {
            if passwordFile != nil && passwordEnv != nil { throw ValidationError("give --password-file or --password-env, not both") }
            guard (1...36_500).contains(days) else { throw ValidationError("--days must be between 1 and 36500") }
        }

        func run() throws {
            let password: PKIWorkspace.PKCS12Password =
                if let passwordFile { .file(passwordFile) } else if let passwordEnv { .environment(passwordEnv) } else { .generated }
            let files = try PKIWorkspace(folder: location.folder).issueClient(
                name: name, email: email, base: out, keySize: keySize(bits), validity: TimeInterval(days) * 86_400,
                password: password, encryption: legacy ? .legacy3DES : .aes256)
            print("issued \(files.certificate) (key \(files.key), mode 0600) for \(name), serial \(files.issued.serialNumber.hex)")
            print("PKCS#12 to import on the client: \(files.pkcs12) (mode 0600, \(legacy ? "3DES with a SHA-1 MAC" : "AES-256 with a SHA-256 MAC"))")
            if let passwordFile = files.passwordFile {
                print("its password is in \(passwordFile) (mode 0600); hand it over apart from the PKCS#12 file")
            }
            print("on Windows: Import-PfxCertificate -FilePath \((files.pkcs12 as NSString).lastPathComponent) "
                  + "-CertStoreLocation Cert:\\LocalMachine\\My (a machine) or Cert:\\CurrentUser\\My (a user) -Password (Read-Host -AsSecureString)")
        }
    }

    /// How long a CRL written by `revoke` or `crl` is valid.
    struct CRLValidity: ParsableArguments {
        @Option(help: "Days until the CRL's next update; publish a new one before then.") var days = 30

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        }

        /// Writes the CRL and says what it holds.
        func write(in workspace: PKIWorkspace) throws {
            let crl = try workspace.writeRevocationList(validity: TimeInterval(days) * 86_400)
            print("wrote \(crl.pem) and \(crl.der): CRL number \(crl.number), \(crl.list.revoked.count) revoked, "
                  + "next update \(crl.list.nextUpdate.map { $0.formatted(.iso8601) } ?? "none")")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke", abstract: "Revoke a certificate this CA issued (revoked.txt) and write the new CRL.")
        @OptionGroup var location: Location
        @Argument(help: "The name the certificate was issued for (as issued.txt lists it).") var name: String?
        @Option(help: "The certificate's serial number, in hex.") var serial: String?
        @Option(help: "The certificate file (PEM).") var cert: String?
        @Option(help: "Why: \(RevocationReason.selectable.map(\.description).joined(separator: ", ")).") var reason: String?
        @OptionGroup var validity: CRLValidity

        func validate() throws {
            guard [name != nil, serial != nil, cert != nil].filter({ $0 }).count == 1 else {
                throw ValidationError("name the certificate once: a NAME, --serial or --cert")
            }
            if let reason, !RevocationReason.selectable.contains(where: { RevocationReason(name: reason) == $0 }) {
                throw ValidationError("--reason must be one of \(RevocationReason.selectable.map(\.description).joined(separator: ", "))")
            }
        }

        func run() throws {
            let target: PKIWorkspace.RevocationTarget =
                if let name { .name(name) } else if let serial { .serialNumber(serial) } else { .certificateFile(cert ?? "") }
            let workspace = PKIWorkspace(folder: location.folder)
            let (entry, issued) = try workspace.revoke(target, reason: reason.flatMap(RevocationReason.init(name:)))
            let what = issued.map { " (\($0.name), \($0.base).pem)" } ?? " (not in \(workspace.issuedPath))"
            print("revoked serial \(entry.serialNumber.hex)\(what), reason \(entry.reason ?? .unspecified)")
            try validity.write(in: workspace)
        }
    }

    struct RevocationList: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crl", abstract: "Write the CRL of every revoked certificate (crl.pem, crl.der), signed by the CA.")
        @OptionGroup var location: Location
        @OptionGroup var validity: CRLValidity

        func run() throws {
            try validity.write(in: PKIWorkspace(folder: location.folder))
        }
    }

    static func keySize(_ bits: Int) throws -> CertificateAuthority.KeySize {
        guard let size = CertificateAuthority.KeySize(rawValue: bits) else { throw ValidationError("--bits must be 2048, 3072 or 4096") }
        return size
    }
}
