import Foundation
import IKEWire

/// Source NAT for the pools (a full tunnel to an upstream that does not
/// route them), as an nftables table of its own that Gatehouse adds at start
/// and deletes at stop, so it never touches the admin's rules.
struct Masquerade: Sendable {
    static let table = "gatehouse"
    let families: [String]

    init(sources: [(IPAddress, Int)], tunnelInterface: String) throws(DataPlaneError) {
        var ruleset = ""
        var families: [String] = []
        for family in ["ip", "ip6"] {
            let prefixes = sources.filter { ($0.0.isIPv4 ? "ip" : "ip6") == family }.map { "\($0.0)/\($0.1)" }
            guard !prefixes.isEmpty else { continue }
            families.append(family)
            ruleset += """
                table \(family) \(Self.table) {
                    chain postrouting {
                        type nat hook postrouting priority srcnat; policy accept;
                        \(family) saddr { \(prefixes.joined(separator: ", ")) } oifname != "\(tunnelInterface)" masquerade
                    }
                }

                """
        }
        self.families = families
        // A table left by a gateway that crashed is replaced, not doubled.
        remove()
        try Self.nft(["-f", "-"], input: ruleset)
    }

    func remove() {
        for family in families { try? Self.nft(["delete", "table", family, Self.table], input: nil) }
    }

    private static func nft(_ arguments: [String], input: String?) throws(DataPlaneError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/nft")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        let stdin = Pipe()
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw DataPlaneError("cannot run nft for masquerading (install nftables): \(error.localizedDescription)")
        }
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw DataPlaneError("nft \(arguments.joined(separator: " ")) failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
