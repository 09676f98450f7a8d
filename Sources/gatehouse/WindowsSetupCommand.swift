import ArgumentParser
import Foundation
import Gateway

/// `gatehouse windows-setup`: the PowerShell that sets up Windows' built-in
/// client for this gateway, with the CA certificate to import.
struct WindowsSetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "windows-setup",
        abstract: "Print the PowerShell that sets up Windows clients for this configuration: the CA, the connection, its algorithms."
    )

    @Option(help: "The configuration file.")
    var config = "Configs/gatehouse.yaml"

    @Option(help: "The connection's name on the clients.")
    var name = "Gatehouse"

    @Option(help: "The CA certificate clients must trust; default: gateway.ca-certificate, or ca.pem beside the gateway certificate.")
    var ca: String?

    func run() throws {
        let settings = try CheckConfigCommand.load(config)
        let authority = ca ?? settings.authorityCertificateFile
        let pem = authority.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
        if pem == nil { FileHandle.standardError.write(Data("note: cannot read the CA certificate \(authority ?? "(none configured)")\n".utf8)) }
        print(WindowsClientSetup(settings: settings, connectionName: name, authorityPEM: pem).script, terminator: "")
    }
}
