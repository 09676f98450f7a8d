import Foundation
import Testing

/// EAP relayed to FreeRADIUS and RADIUS accounting (issue 6) against the
/// lab's FreeRADIUS on the LAN host (Tests/Interop/freeradius, profiles
/// radius and radius-failover in harness.sh): FreeRADIUS checks the
/// passwords (the gateway has no local users in these profiles), its
/// Access-Accept decides addresses and timers, and its detail file shows
/// what the gateway accounted.
extension InteropTests {
    /// ralph's Class from the users file, as the detail file shows octets.
    static let ralphClass = "0x" + Array("interop-ralph".utf8).map { String(format: "%02x", $0) }.joined()

    /// Every record in FreeRADIUS's detail file.
    static func radiusDetail() throws -> [RADIUSDetailRecord] {
        RADIUSDetailRecord.parse(try harness("radius", "detail").output)
    }

    /// The detail records of `user`, in the order FreeRADIUS received them.
    static func accounting(of user: String) throws -> [RADIUSDetailRecord] {
        try radiusDetail().filter { $0["User-Name"] == user }
    }

    /// Polls `condition` every half second for up to `seconds`.
    static func waitUntil(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < deadline
        return try condition()
    }

    @Test func eapIsRelayedToFreeRADIUSAndItsRejectsRefuseTheClient() throws {
        try Self.withLab("radius") {
            #expect(try Self.connect("ralph"))
            let address = try #require(try Self.clientAddress("ralph"))
            #expect(try Self.gatewaySAs().contains { $0.user == "ralph" && $0.state == "established" && $0.virtualAddresses == [address] })
            #expect(try Self.ping(2), "traffic flows through ralph's tunnel")
            #expect(try Self.harness("radius", "log", "200").output.contains("Login OK: [ralph]"), "FreeRADIUS checked the password")

            // FreeRADIUS knows carol with another password than the client
            // sends, and does not know nobody: both Access-Rejects.
            #expect(try !Self.connect("wrong-password"))
            #expect(try !Self.connect("unknown-user"))
            let log = try Self.harness("radius", "log", "200").output
            #expect(log.contains("Login incorrect") && log.contains("[carol]") && log.contains("[nobody]"), "\(log)")
            #expect(try Self.gatewaySAs().map(\.user) == ["ralph"], "the refused clients left nothing behind")
        }
    }

    /// Framed-IP-Address becomes the virtual address; Framed-Pool picks the
    /// named pool; Filter-Id contractors maps (filter-ids) to pool machines
    /// and 203.0.113.0/25, which narrows the gateway's traffic selector.
    @Test func accessAcceptAttributesChooseAddressesAndPolicy() throws {
        try Self.withLab("radius") {
            #expect(try Self.connect("rita"))
            #expect(try Self.clientAddress("rita") == "198.18.0.77")
            #expect(try Self.gatewaySAs().contains { $0.user == "rita" && $0.virtualAddresses == ["198.18.0.77"] })
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", "198.18.0.77", "203.0.113.10").status == 0)

            #expect(try Self.connect("ralph"))
            let ralph = try #require(try Self.clientAddress("ralph"))
            #expect(ralph.hasPrefix("198.18.0.") && ralph != "198.18.0.77", "no attributes: the main pool, \(ralph)")

            #expect(try Self.connect("fred"))
            let fred = try #require(try Self.clientAddress("fred"))
            #expect(fred.hasPrefix("198.18.4."), "Framed-Pool machines: \(fred)")

            #expect(try Self.connect("filtered"))
            let filtered = try #require(try Self.clientAddress("filtered"))
            #expect(filtered.hasPrefix("198.18.4."), "Filter-Id contractors: pool machines, \(filtered)")
            let sa = try #require(try Self.gatewaySAs().first { $0.user == "filtered" })
            #expect(sa.child?.localSelectors == ["203.0.113.0/25"], "\(String(describing: sa.child))")
            #expect(try Self.harness("client-exec", "ping", "-c", "1", "-W", "3", "-I", filtered, "203.0.113.10").status == 0,
                    "203.0.113.10 is inside the allowed /25")
            // The other users' selectors stay the split tunnel.
            #expect(try Self.gatewaySAs().first { $0.user == "rita" }?.child?.localSelectors == ["203.0.113.0/24"])
        }
    }

    /// sam's Access-Accept has Session-Timeout 20: the gateway ends the SA
    /// then (not before), and accounts it with that cause.
    @Test func sessionTimeoutEndsTheSA() throws {
        try Self.withLab("radius") {
            let started = Date()
            #expect(try Self.connect("sam"))
            Thread.sleep(forTimeInterval: 12)
            #expect(try Self.gatewaySAs().contains { $0.user == "sam" }, "still up after 12 s")
            #expect(try Self.waitUntil(30) { try Self.gatewaySAs().allSatisfy { $0.user != "sam" } }, "gone after Session-Timeout")
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed >= 19 && elapsed < 35, "ended after \(elapsed) s")
            #expect(try Self.waitUntil(5) { try Self.clientAddress("sam") == nil }, "the client was told (INFORMATIONAL Delete)")
            #expect(try Self.waitUntil(10) { try Self.accounting(of: "sam").contains { $0.statusType == "Stop" } })
            let stop = try #require(try Self.accounting(of: "sam").first { $0.statusType == "Stop" })
            #expect(stop["Acct-Terminate-Cause"] == "Session-Timeout")
            #expect((19...22).contains(stop.number("Acct-Session-Time") ?? 0), "\(stop.attributes)")
        }
    }

    /// Accounting-On at start; Start, Interim-Update (ralph's
    /// Acct-Interim-Interval 10) and Stop for one session with his Class;
    /// the Stop's counters equal the gateway's at that moment; Accounting-Off
    /// when the gateway stops.
    @Test func accountingRecordsMatchTheTunnelTraffic() throws {
        try Self.withLab("radius") {
            #expect(try Self.waitUntil(10) { try Self.radiusDetail().contains { $0.statusType == "Accounting-On" } })
            #expect(try Self.connect("ralph"))
            let address = try #require(try Self.clientAddress("ralph"))
            let transfer = try Self.harness("transfer", "1")
            #expect(transfer.status == 0, "\(transfer.output)")
            #expect(try Self.ping(3))
            #expect(try Self.waitUntil(25) { try Self.accounting(of: "ralph").contains { $0.statusType == "Interim-Update" } })

            // Nothing else goes through the tunnel: these are the Stop's counters.
            let traffic = try #require(try Self.gatewaySAs().first { $0.user == "ralph" }?.child?.traffic)
            try Self.harness("terminate-client", "ralph")
            #expect(try Self.waitUntil(15) { try Self.accounting(of: "ralph").contains { $0.statusType == "Stop" } })

            let records = try Self.accounting(of: "ralph")
            #expect(records.first?.statusType == "Start", "\(records.map(\.statusType))")
            #expect(records.last?.statusType == "Stop")
            #expect(records.filter { $0.statusType == "Start" }.count == 1 && records.filter { $0.statusType == "Stop" }.count == 1)
            #expect(Set(records.compactMap { $0["Acct-Session-Id"] }).count == 1, "one Acct-Session-Id for the session")
            for record in records {
                #expect(record["Class"] == Self.ralphClass, "Class echoed (RFC 2865 §5.25): \(record.attributes)")
                #expect(record["Framed-IP-Address"] == address)
                #expect(record["NAS-Identifier"] == "gatehouse-interop")
                #expect(record["NAS-Port-Type"] == "Virtual")
                #expect(record["Service-Type"] == "Framed-User")
            }
            let stop = try #require(records.last)
            #expect(stop.octets("Input") == traffic.bytesIn && stop.number("Acct-Input-Packets") == traffic.packetsIn,
                    "\(stop.attributes) vs \(traffic)")
            #expect(stop.octets("Output") == traffic.bytesOut && stop.number("Acct-Output-Packets") == traffic.packetsOut,
                    "\(stop.attributes) vs \(traffic)")
            #expect((stop.octets("Input") ?? 0) > 1_000_000, "input is what the client sent (the 1 MB transfer)")
            #expect(stop["Acct-Terminate-Cause"] == "User-Request")
            #expect((stop.number("Acct-Session-Time") ?? 0) >= 10)
            let interim = try #require(records.first { $0.statusType == "Interim-Update" })
            let interimInput = interim.octets("Input") ?? 0
            #expect(interimInput >= 1 && interimInput <= (stop.octets("Input") ?? 0), "\(interim.attributes)")

            try #require(try Self.harness("restart-gateway", "radius").status == 0)
            #expect(try Self.waitUntil(10) {
                let statuses = try Self.radiusDetail().compactMap(\.statusType)
                return statuses.contains("Accounting-Off") && statuses.filter { $0 == "Accounting-On" }.count == 2
            })
        }
    }

    /// With FreeRADIUS down, the Stop waits in the spool and arrives once
    /// it is back, once, with Acct-Delay-Time (RFC 2866 §5.2) counting the wait.
    @Test func aStopSpooledWhileFreeRADIUSIsDownArrivesAfterItReturns() throws {
        try Self.withLab("radius") {
            #expect(try Self.connect("ralph"))
            #expect(try Self.waitUntil(10) { try Self.accounting(of: "ralph").contains { $0.statusType == "Start" } })
            try #require(try Self.harness("radius", "stop").status == 0)
            try Self.harness("terminate-client", "ralph")
            Thread.sleep(forTimeInterval: 5)
            try #require(try Self.harness("radius", "start").status == 0)
            #expect(try Self.waitUntil(60) { try Self.accounting(of: "ralph").contains { $0.statusType == "Stop" } })
            Thread.sleep(forTimeInterval: 3)
            let stops = try Self.accounting(of: "ralph").filter { $0.statusType == "Stop" }
            #expect(stops.count == 1, "acknowledged once, sent once")
            #expect((stops.first?.number("Acct-Delay-Time") ?? 0) >= 5, "\(stops.first?.attributes ?? [])")
        }
    }

    /// A session that was up when the gateway was killed gets its Stop with
    /// cause NAS-Reboot when the gateway starts again.
    @Test func aSessionUpWhenTheGatewayDiedIsStoppedAtTheNextStart() throws {
        try Self.withLab("radius") {
            #expect(try Self.connect("ralph"))
            #expect(try Self.waitUntil(10) { try Self.accounting(of: "ralph").contains { $0.statusType == "Start" } })
            let session = try #require(try Self.accounting(of: "ralph").first?["Acct-Session-Id"])
            try #require(try Self.harness("kill-gateway").status == 0)
            try #require(try Self.harness("restart-gateway", "radius").status == 0)
            #expect(try Self.waitUntil(20) { try Self.accounting(of: "ralph").contains { $0.statusType == "Stop" } })
            let stop = try #require(try Self.accounting(of: "ralph").first { $0.statusType == "Stop" })
            #expect(stop["Acct-Session-Id"] == session)
            #expect(stop["Acct-Terminate-Cause"] == "NAS-Reboot")
            #expect(stop["Class"] == Self.ralphClass)
        }
    }

    /// The first server never answers: authentication and accounting fail
    /// over to the second, and clients connect.
    @Test func clientsConnectWhenTheFirstRADIUSServerIsDead() throws {
        try Self.withLab("radius-failover") {
            #expect(try Self.connect("ralph"))
            #expect(try Self.connect("rita"))
            #expect(try Self.clientAddress("rita") == "198.18.0.77")
            let log = try Self.harness("radius", "log", "200").output
            #expect(log.contains("Login OK: [ralph]") && log.contains("Login OK: [rita]"))
            #expect(try Self.waitUntil(15) {
                Set(try Self.radiusDetail().filter { $0.statusType == "Start" }.compactMap { $0["User-Name"] }) == ["ralph", "rita"]
            }, "accounting failed over too")
        }
    }
}
