import IKEEngine
import IKELoopback

/// What one gateway engine holds per established SA.
///
/// Method: N clients' SAs are established one after another in one gateway
/// (distinct users, so distinct leases), all from one client engine. Heap
/// snapshots are taken before the first handshake, after the last, and after
/// the client engine is released; the gateway's share is the growth up to
/// the last snapshot, so the client's IKE SAs are not in it, and the
/// client's is the difference the release made. Everything made before the
/// first snapshot (the users' NT hashes, the client's credentials, a warm-up
/// handshake that leaves no SA behind) is outside both.
enum SAMemory {
    struct Result {
        var gateway: (heapBytes: Int, requestedBytes: Int, allocations: Int)
        var client: (heapBytes: Int, requestedBytes: Int, allocations: Int)
    }

    static func measure(count: Int, proposal: HandshakeProposal) throws -> Result {
        // 198.18.0.0/15 leaves room for 131,070 leases.
        guard let addresses = IPv4Subnet("198.18.0.0/15") else { throw HandshakeFailure("address pool") }
        let fixture = try LoopbackHandshake(proposal: proposal, addresses: addresses)
        let users = ["warm-up"] + (0..<count).map { "user\($0)" }
        for user in users { try fixture.network.addUser(user, password: "password of \(user)") }
        let credentials = users.map { LoopbackHandshake.credentials($0, "password of \($0)") }

        // One-time costs (OpenSSL's fetched algorithms, the first growth of
        // the engine's tables and of the network's records) are paid here.
        try fixture.replaceClient()
        let warmUp = try fixture.connect(credentials[0])
        try fixture.verifyEstablished(user: users[0])
        fixture.terminate(warmUp)
        guard fixture.gateway.count == 0 else { throw HandshakeFailure("warm-up SA not deleted") }
        fixture.removeClient()
        fixture.network.removeRecords()
        try fixture.replaceClient()

        let before = HeapSnapshot.now()
        for (user, credentials) in zip(users, credentials).dropFirst() {
            _ = try fixture.connect(credentials)
            try fixture.verifyEstablished(user: user)
            fixture.network.removeRecords()
        }
        // Past the half-open timeout, so the stale timer entries each message
        // left behind (the heap never cancels) have fired: an established
        // SA has no deadline of its own yet, and a gateway that has run for
        // half a minute holds none for it either.
        fixture.network.advance(by: .seconds(60))
        guard fixture.gateway.count == count, fixture.client?.count == count, fixture.pool.leasedCount == count else {
            throw HandshakeFailure("expected \(count) SAs, gateway has \(fixture.gateway.count)")
        }
        let established = HeapSnapshot.now()
        fixture.removeClient()
        let gatewayOnly = HeapSnapshot.now()
        withExtendedLifetime(credentials) {}
        return Result(gateway: gatewayOnly.growth(since: before, per: count),
                      client: established.growth(since: gatewayOnly, per: count))
    }
}
