import ArgumentParser
import Foundation
import PKI

/// `gatehouse pki`: the CA and the certificates Windows clients need.
struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki",
        abstract: "Create a CA and issue certificates that Windows' IKEv2 client accepts.",
        subcommands: [Initialize.self, Server.self]
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
            guard let size = CertificateAuthority.KeySize(rawValue: bits) else { throw ValidationError("--bits must be 2048, 3072 or 4096") }
            let workspace = PKIWorkspace(folder: location.folder)
            try workspace.initialize(commonName: name, keySize: size)
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
}
