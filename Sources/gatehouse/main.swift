import ArgumentParser

/// The `gatehouse` command line.
struct Gatehouse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatehouse",
        abstract: "Gatehouse, an IKEv2 VPN gateway.",
        version: "0.1.0",
        subcommands: [DecodeCommand.self]
    )
}

Gatehouse.main()
