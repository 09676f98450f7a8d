import ArgumentParser
import Foundation
import Gateway
import IKECrypto
import IKEEngine
import IKEWire
import Logging
import PKI
import SwiftASN1
import X509

/// `gatehouse bench`: IKEv2 handshakes (EAP-MSCHAPv2 or a machine certificate) against a gateway,
/// with a fixed number in flight, and what they measured.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Open IKEv2 SAs against a gateway (EAP-MSCHAPv2 or a machine certificate) and report the rate and latencies.",
        discussion: """
            Users are USER-PREFIX0 … USER-PREFIX(N-1) with passwords USER-PREFIXi-pw unless --password is given. \
            With --client-certificate and --client-key every SA authenticates with that machine certificate instead, as Windows does \
            (IDi its subject DN, an RSA signature).
            """)

    @Option(help: "The gateway's address.") var gateway: String
    @Option(help: "The gateway's IKE port.") var port: UInt16 = 500
    @Option(help: "The address to send from.") var local: String
    @Option(help: "The gateway certificate (PEM); its key must verify the gateway's AUTH.") var gatewayCertificate: String
    @Option(help: "Handshakes in all.") var count = 1000
    @Option(help: "Handshakes in flight at once.") var concurrency = 32
    @Option(help: "User name prefix.") var userPrefix = "user"
    @Option(help: "How many users to take in turn.") var users = 10
    @Option(help: "One password for every user.") var password: String?
    @Option(help: "A machine certificate (PEM) to authenticate with instead of EAP.") var clientCertificate: String?
    @Option(help: "The machine certificate's private key (PEM, RSA).") var clientKey: String?
    @Option(help: "IKE proposal, e.g. aes256-sha1-modp1024 (the Windows 7 one).") var ike: String?
    @Option(help: "ESP proposal, e.g. aes256-sha1.") var esp: String?
    @Flag(help: "Keep the SAs up instead of deleting each one.") var keep = false
    @Flag(help: "Ask for a virtual address (CP request).") var requestAddress = false
    @Flag(help: "With --request-address, ask for an IPv6 address instead of an IPv4 one (for more SAs than an IPv4 pool holds).")
    var ipv6 = false

    func run() async throws {
        guard let gatewayAddress = IPAddress(gateway), let localAddress = IPAddress(local) else {
            throw ValidationError("--gateway and --local take IPv4 or IPv6 addresses")
        }
        guard count > 0, concurrency > 0, users > 0 else { throw ValidationError("--count, --concurrency and --users must be positive") }
        let certificate = try Certificate(pemEncoded: try String(contentsOfFile: gatewayCertificate, encoding: .utf8))
        let key = try PublicKey(subjectPublicKeyInfoDER: try certificate.publicKey.subjectPublicKeyInfoDER())
        let names = (0..<users).map { "\(userPrefix)\($0)" }
        var settings = LoadGenerator.Settings(gateway: Endpoint(address: gatewayAddress, port: port), local: localAddress, count: count,
                                              concurrency: concurrency, users: names.map { ($0, password ?? "\($0)-pw") }, gatewayKey: key)
        if let ike { settings.ikeProposals = [try IKEProposalPolicy(parsing: ike)] }
        if let esp { settings.espProposals = [try ESPProposalPolicy(parsing: esp)] }
        switch (clientCertificate, clientKey) {
        case (let path?, let keyPath?):
            settings.certificate = try Self.loadClientCertificate(path, key: keyPath)
        case (nil, nil):
            break
        default:
            throw ValidationError("--client-certificate and --client-key go together")
        }
        settings.keep = keep
        settings.requestAddress = requestAddress ? (ipv6 ? .internalIP6Address : .internalIP4Address) : nil
        var logger = Logger(label: "gatehouse-bench")
        logger.logLevel = .warning
        let report = try await LoadGenerator(settings: settings, logger: logger).run()
        print(report)
        if report.established == 0 { throw ExitCode(1) }
    }

    /// The certificate file's chain as it is (the gateway's own loader reads
    /// its chain the same way), and the first certificate's subject for IDi.
    private static func loadClientCertificate(_ path: String, key keyPath: String) throws -> LoadGenerator.ClientCertificate {
        guard let chain = PEMBlock.all(label: "CERTIFICATE", in: try String(contentsOfFile: path, encoding: .utf8)), let first = chain.first else {
            throw ValidationError("\(path) holds no PEM certificate")
        }
        var subject = DER.Serializer()
        try subject.serialize(try Certificate(derEncoded: first).subject)
        return LoadGenerator.ClientCertificate(chain: chain, subject: subject.serializedBytes,
                                               key: try PrivateKey(pemEncoded: try String(contentsOfFile: keyPath, encoding: .utf8)))
    }
}
