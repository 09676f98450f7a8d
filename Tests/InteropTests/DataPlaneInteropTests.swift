import Foundation
import Testing

/// Tunnel traffic through Gatehouse's userspace data plane: the strongSwan
/// client reaches 203.0.113.10 on the LAN behind the gateway. An extension
/// of `InteropTests`, so these run serialized with the others (one lab).
extension InteropTests {
    static func ping(_ count: Int, _ target: String = "203.0.113.10") throws -> Bool {
        try harness("client-exec", "ping", "-c", "\(count)", "-W", "3", "-i", "0.2", target).status == 0
    }

    /// ICMP echo both ways for the modern default and both Windows 7
    /// suites; the gateway's counters show exactly what was sent (84-octet
    /// echo packets).
    @Test func pingsReachTheLANForEveryWindowsSuite() throws {
        try Self.withLab {
            for (connection, esp) in [("eap", "AES_GCM_16_256"), ("win7-aes", "AES_CBC_256/HMAC_SHA1_96"), ("win7-3des", "3DES_CBC/HMAC_SHA1_96")] {
                #expect(try Self.connect(connection))
                #expect(try Self.ping(3), "\(connection)")
                let child = try #require(try Self.gatewaySAs().first?.child)
                #expect(child.esp == esp)
                let traffic = try #require(child.traffic)
                #expect(traffic.packetsIn == 3 && traffic.bytesIn == 3 * 84 && traffic.packetsOut == 3 && traffic.bytesOut == 3 * 84,
                        "\(connection): \(traffic)")
                #expect(traffic.droppedIn == 0)
                try Self.harness("terminate-client", connection)
            }
        }
    }

    /// 50 MB over TCP from the client to the LAN host arrives intact (MSS
    /// clamping keeps segments within the tunnel's MTU).
    @Test func aFiftyMegabyteTransferArrivesIntact() throws {
        try Self.withLab {
            #expect(try Self.connect("eap"))
            let result = try Self.harness("transfer", "50")
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("checksums match"), "\(result.output)")
        }
    }

    /// `backend: auto` takes userspace while a userspace-only feature (the
    /// DHCP responder) is on; without one it probes the kernel, which has no
    /// ESP here, falls back and says so; `backend: xfrm` refuses to start
    /// and says why.
    @Test func theKernelBackendIsProbed() throws {
        try Self.withLab {
            #expect(try Self.harness("logs", "400").output.contains("userspace data plane chosen: the kernel backend cannot provide the DHCPINFORM"))
            try #require(try Self.harness("restart-gateway", "probe").status == 0)
            #expect(try Self.harness("logs", "400").output.contains("kernel ESP unavailable; using the userspace data plane"))
            #expect(try Self.connect("eap") && Self.ping(1), "the fallback carries traffic")
            let xfrm = try Self.harness("restart-gateway", "xfrm")
            #expect(xfrm.status != 0)
            #expect(xfrm.output.contains("does not accept ESP SAs"), "\(xfrm.output)")
        }
    }

    /// With masquerading the LAN host needs no route to the pool: the
    /// gateway's own nftables table rewrites the source, and is gone when
    /// the gateway stops.
    @Test func masqueradingReachesALANWithoutARouteBack() throws {
        try Self.withLab("masquerade") {
            #expect(try Self.connect("eap"))
            #expect(try Self.ping(2))
            let table = try Self.harness("gateway-exec", "nft", "list", "table", "ip", "gatehouse")
            // Both pools, the main one and the harness's named pool.
            #expect(table.status == 0 && table.output.contains("masquerade") && table.output.contains("198.18.0.0/24")
                    && table.output.contains("198.18.4.0/24"), "\(table.output)")
            try #require(try Self.harness("restart-gateway", "default").status == 0)
            #expect(try Self.harness("gateway-exec", "nft", "list", "table", "ip", "gatehouse").status != 0, "removed at stop")
        }
    }

    /// After `gatehouse terminate` the tunnel carries nothing.
    @Test func terminateStopsTheTraffic() throws {
        try Self.withLab {
            #expect(try Self.connect("eap"))
            #expect(try Self.ping(1))
            let sa = try #require(try Self.gatewaySAs().first)
            #expect(try Self.harness("gatehouse", "terminate", sa.spi).status == 0)
            Thread.sleep(forTimeInterval: 1)
            #expect(try Self.gatewaySAs().isEmpty)
            #expect(try !Self.ping(2))
        }
    }
}
