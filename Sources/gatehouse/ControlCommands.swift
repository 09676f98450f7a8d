import ArgumentParser
import Foundation
import Gateway
import IKEEngine

/// Options shared by the commands that talk to a running gateway.
struct ControlOptions: ParsableArguments {
    @Option(help: "The control socket of the running gateway.")
    var socket = "/run/gatehouse/control.sock"

    func send(_ request: ControlRequest) async throws -> ControlResponse {
        let response = try await ControlClient.send(request, socket: socket)
        guard response.ok else {
            FileHandle.standardError.write(Data((response.message + "\n").utf8))
            throw ExitCode(1)
        }
        return response
    }
}

/// `gatehouse status`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show whether the gateway runs and a summary.")
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let response = try await control.send(ControlRequest(command: "status"))
        guard let status = response.status else { return }
        if json {
            print(String(decoding: try JSONEncoder().encode(status), as: UTF8.self))
        } else {
            print("running for \(status.uptimeSeconds)s on \(status.endpoints.joined(separator: ", "))")
            print("IKE SAs: \(status.ikeSAs) (\(status.established) established, \(status.connecting) connecting); "
                  + "addresses leased: \(status.leasedAddresses)")
            if !status.radiusServers.isEmpty { print("RADIUS: \(status.radiusServers.joined(separator: ", "))") }
            if let pending = status.accountingPending { print("accounting records waiting for the server: \(pending)") }
            if let stores = status.credentialStores, !stores.isEmpty { print("credentials: \(stores.joined(separator: ", "))") }
            if let load = status.load { print(Self.describe(load)) }
        }
    }
}

extension StatusCommand {
    /// One line: whether the IKE_SA_INIT defences are active, and what they
    /// did since the gateway started.
    static func describe(_ load: EngineLoad) -> String {
        let state = load.underLoad ? "UNDER LOAD" + (load.demandingCookies ? " (demanding cookies)" : "") : "normal"
        return "load: \(state); half-open IKE SAs: \(load.halfOpen); since start: \(load.cookiesDemanded) cookie demands, "
            + "\(load.dropped) requests dropped (\(load.droppedBySourceLimit) per-source limit, \(load.droppedByTotalLimit) total limit)"
    }
}

/// `gatehouse list-sas`.
struct ListSAsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list-sas", abstract: "List IKE SAs.")
    @OptionGroup var control: ControlOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let sas = try await control.send(ControlRequest(command: "list-sas")).sas ?? []
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(sas), as: UTF8.self))
            return
        }
        for sa in sas {
            let addresses = sa.virtualAddresses.isEmpty ? "-" : sa.virtualAddresses.joined(separator: ",")
            print("\(sa.spi)  \(sa.state)  \(sa.peer)  user=\(sa.user ?? "-")  vip=\(addresses)  ike=\(sa.ike ?? "-")  age=\(sa.ageSeconds)s")
            if let child = sa.child {
                print("    esp \(child.inboundSPI)/\(child.outboundSPI)  \(child.esp)\(child.extendedSequenceNumbers ? "/ESN" : "")  "
                      + "\(child.localSelectors.joined(separator: ",")) === \(child.remoteSelectors.joined(separator: ","))"
                      + (child.udpEncapsulation ? "  udp-encap" : ""))
                if let traffic = child.traffic {
                    print("    traffic in \(traffic.bytesIn) bytes \(traffic.packetsIn) packets, out \(traffic.bytesOut) bytes "
                          + "\(traffic.packetsOut) packets, dropped in \(traffic.droppedIn)")
                }
            }
        }
        if sas.isEmpty { print("no IKE SAs") }
    }
}

/// `gatehouse reload`.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Reread the configuration and secrets without dropping SAs (as SIGHUP does); report what needs a restart.")
    @OptionGroup var control: ControlOptions

    func run() async throws {
        print(try await control.send(ControlRequest(command: "reload")).message)
    }
}

/// `gatehouse terminate`.
struct TerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terminate",
                                                    abstract: "Delete IKE SAs by SPI or user name; the client is told (Delete).")
    @OptionGroup var control: ControlOptions
    @Argument(help: "An SPI (16 hex digits) or a user name.") var selector: String

    func run() async throws {
        print(try await control.send(ControlRequest(command: "terminate", argument: selector)).message)
    }
}
