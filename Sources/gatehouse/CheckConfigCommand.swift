import ArgumentParser
import ConfigFile
import Foundation
import Gateway

/// `gatehouse check-config`: validates a configuration without starting.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file and the files it names; report every error with file, line and key."
    )

    @Argument(help: "The configuration file.")
    var config = "Configs/gatehouse.yaml"

    func run() throws {
        let settings = try Self.load(config)
        for notice in settings.notices { print("note: \(notice)") }
        for warning in settings.warnings { print("warning: \(warning)") }
        // A leak-protection sink is not a pool clients' traffic uses.
        let pool6 = settings.dataPlane.blockIPv6 ? nil : settings.pool6
        let pools = [settings.pool?.description, pool6?.description].compactMap { $0 }.joined(separator: " and ")
            + settings.namedPools.sorted { $0.key < $1.key }.map { name, pool in
                ", pool \(name) " + [pool.ipv4?.description, pool.ipv6?.description].compactMap { $0 }.joined(separator: " and ")
            }.joined()
        let certificates = settings.clientCertificates.map {
            ", certificate clients from \($0.settings.authorities.count) CAs with \($0.settings.revocationLists.count) CRLs"
                + ($0.settings.rules.isEmpty ? "" : " and \($0.settings.rules.count) rules")
        } ?? ""
        print("\(config): OK (\(settings.secrets.count) users\(certificates), pool \(pools), "
              + "\(settings.engine.ikeProposals.count) IKE and \(settings.engine.espProposals.count) ESP proposals)")
    }

    /// Loads settings or prints every error and exits with status 1.
    static func load(_ path: String, createMissingCertificates: Bool = false) throws -> GatewaySettings {
        do {
            return try GatewaySettings.load(path: path, createMissingCertificates: createMissingCertificates)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
