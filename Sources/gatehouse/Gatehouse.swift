import ArgumentParser

/// The `gatehouse` command line.
@main
struct Gatehouse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse, an IKEv2 VPN gateway.",
        version: "0.1.0",
        subcommands: [RunCommand.self, CheckConfigCommand.self, StatusCommand.self, ListSAsCommand.self,
                      TerminateCommand.self, ReloadCommand.self, PKICommand.self, DecodeCommand.self, BenchCommand.self,
                      WindowsSetupCommand.self]
    )
}
