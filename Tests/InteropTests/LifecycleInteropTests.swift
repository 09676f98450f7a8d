import Foundation
import Testing

/// Keeping tunnels up (issue 8) with strongSwan as the client: rekeys by
/// either side while traffic flows, MOBIKE roaming, and dead peer detection
/// removing a vanished client's SA, lease and accounting session.
extension InteropTests {
    /// A ping from the client's namespace through the tunnel, `count`
    /// packets 0.2 s apart, run in the background; the result is the number
    /// of packets transmitted and received.
    final class BackgroundPing: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var output = ""

        init(count: Int, target: String = "203.0.113.10") {
            DispatchQueue.global().async { [self] in
                output = (try? InteropTests.harness("client-exec", "ping", "-q", "-c", "\(count)", "-i", "0.2", "-W", "1", target).output) ?? ""
                done.signal()
            }
        }

        /// Waits for the end; (transmitted, received).
        func result() -> (transmitted: Int, received: Int) {
            done.wait()
            guard let line = output.split(separator: "\n").first(where: { $0.contains("packets transmitted") }) else { return (0, 0) }
            let numbers = line.split(separator: " ").compactMap { Int($0) }
            return numbers.count >= 2 ? (numbers[0], numbers[1]) : (0, 0)
        }
    }

    /// How many lines of the gateway's log match `pattern` (grep -E).
    static func gatewayLogCount(_ pattern: String) throws -> Int {
        try harness("gateway-exec", "grep", "-c", "-E", pattern, "\(state)/gw/gatehouse.log").output
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.flatMap { Int($0) } ?? 0
    }

    /// The client rekeys its CHILD_SA every 20 s and its IKE SA every 50 s
    /// (conn rekey) for five CHILD_SA cycles while a ping runs: no more than
    /// one packet lost per rekey, the same session and address throughout.
    @Test func clientRekeysEveryTwentySecondsWhileAPingRuns() throws {
        try Self.withLab {
            #expect(try Self.connect("rekey"))
            let address = try #require(try Self.clientAddress("rekey"))
            let session = try #require(try Self.gatewaySAs().first?.session)
            let ping = BackgroundPing(count: 520)  // 104 s
            let (transmitted, received) = ping.result()
            let childRekeys = try Self.gatewayLogCount("CHILD_SA rekeyed by the peer")
            let ikeRekeys = try Self.gatewayLogCount("IKE SA rekeyed$")
            #expect(childRekeys >= 5, "\(childRekeys) CHILD_SA rekeys")
            #expect(ikeRekeys >= 1, "\(ikeRekeys) IKE SA rekeys")
            #expect(transmitted == 520 && transmitted - received <= childRekeys + ikeRekeys, "\(received)/\(transmitted) received")
            let sas = try Self.gatewaySAs()
            #expect(sas.filter { $0.state == "established" }.count == 1)
            #expect(sas.first { $0.state == "established" }.map { $0.session == session && $0.virtualAddresses == [address] } == true)
            #expect(try Self.clientAddress("rekey") == address)
        }
    }

    /// The gateway rekeys the IKE SA (every 15 s) and the CHILD_SA (every
    /// 10-12 s) itself (profile lifecycle) while a ping runs.
    @Test func theGatewayRekeysIKEAndCHILDSAsWhileAPingRuns() throws {
        try Self.withLab("lifecycle") {
            #expect(try Self.connect("eap"))
            let first = try #require(try Self.gatewaySAs().first)
            let ping = BackgroundPing(count: 200)  // 40 s
            let (transmitted, received) = ping.result()
            let childRekeys = try Self.gatewayLogCount("CHILD_SA rekeyed$")
            let ikeRekeys = try Self.gatewayLogCount("IKE SA rekeyed$")
            #expect(try Self.gatewayLogCount("rekeying IKE SA") >= 2 && ikeRekeys >= 2, "\(ikeRekeys) IKE SA rekeys")
            #expect(try Self.gatewayLogCount("rekeying CHILD_SA") >= 2 && childRekeys >= 2, "\(childRekeys) CHILD_SA rekeys")
            #expect(transmitted == 200 && transmitted - received <= childRekeys + ikeRekeys, "\(received)/\(transmitted) received")
            let now = try #require(try Self.gatewaySAs().first { $0.state == "established" })
            #expect(now.session == first.session && now.spi != first.spi && now.child?.inboundSPI != first.child?.inboundSPI)
            #expect(try Self.clientAddress("eap") == first.virtualAddresses.first)
        }
    }

    /// The client moves to another address (MOBIKE, RFC 4555): the gateway
    /// follows UPDATE_SA_ADDRESSES and the ping goes on.
    @Test func aMOBIKEAddressChangeKeepsThePingGoing() throws {
        try Self.withLab {
            #expect(try Self.connect("eap"))
            let ping = BackgroundPing(count: 100)  // 20 s
            Thread.sleep(forTimeInterval: 5)
            try #require(try Self.harness("client-move").status == 0)
            let (transmitted, received) = ping.result()
            #expect(try Self.gatewayLogCount("peer moved \\(MOBIKE\\)") >= 1)
            let sa = try #require(try Self.gatewaySAs().first)
            #expect(sa.peer.hasPrefix("192.0.2.3:"), "\(sa.peer)")
            #expect(transmitted == 100 && transmitted - received <= 10, "\(received)/\(transmitted) received")
            #expect(try Self.ping(3), "traffic flows from the new address")
        }
    }

    /// A client that vanishes (charon killed) is found by dead peer
    /// detection: its SA, lease and accounting session end (Stop with
    /// Lost-Carrier).
    @Test func deadPeerDetectionRemovesAVanishedClient() throws {
        try Self.withLab("radius-dpd") {
            #expect(try Self.connect("ralph"))
            #expect(try Self.ping(2))
            try #require(try Self.harness("kill-client").status == 0)
            #expect(try Self.waitUntil(30) { try Self.gatewaySAs().isEmpty }, "the SA is gone")
            let status = try Self.harness("gatehouse", "status", "--json").output
            #expect(status.contains("\"leasedAddresses\":0") || status.contains("\"leasedAddresses\" : 0"), "\(status)")
            #expect(try Self.waitUntil(10) { try Self.accounting(of: "ralph").contains { $0.statusType == "Stop" } })
            let stop = try #require(try Self.accounting(of: "ralph").last { $0.statusType == "Stop" })
            #expect(stop["Acct-Terminate-Cause"] == "Lost-Carrier")
            #expect(try Self.gatewayLogCount("peer did not answer") >= 1)
        }
    }
}
