import IKEWire
import Synchronization
import Testing
@testable import IKEEngine

@Suite struct AddressPoolTests {
    let v4 = AddressPool(subnet: IPv4Subnet("198.18.0.0/29")!)

    func lease(_ pool: AddressPool<IPv4Address>, _ user: String, sa: UInt64, superseding: [UInt64] = [], requested: IPv4Address? = nil,
               exact: Bool = false) -> IPv4Address? {
        pool.lease(for: user, sa: sa, superseding: superseding, requested: requested, exact: exact)
    }

    @Test func namedPoolsLeaseAndReleaseTheirOwnAddressesAndUnknownNamesGetNone() {
        let machines = AddressPool(subnet: IPv4Subnet("198.18.1.0/29")!)
        let pools = VirtualAddressPools(ipv4: v4, named: ["machines": VirtualAddressPools(ipv4: machines)])
        #expect(pools.serves(.ipv4, pool: "machines") && !pools.serves(.ipv6, pool: "machines") && !pools.serves(.ipv4, pool: "nobody"))
        let named = pools.lease(LeaseRequest(family: .ipv4, user: "laptop1", sa: 1, pool: "machines"))
        let main = pools.lease(LeaseRequest(family: .ipv4, user: "alice", sa: 2))
        #expect(named == .v4(IPv4Address(198, 18, 1, 2)) && main == .v4(IPv4Address(198, 18, 0, 2)))
        #expect(pools.lease(LeaseRequest(family: .ipv4, user: "x", sa: 3, pool: "nobody")) == nil)
        #expect(pools.leasedCount == 2)
        pools.release(.v4(IPv4Address(198, 18, 1, 2)), of: 1)
        #expect(machines.leasedCount == 0 && v4.leasedCount == 1)
    }

    @Test func hostsExcludeNetworkGatewayAndBroadcast() {
        #expect(v4.range == UInt128(IPv4Address(198, 18, 0, 2).rawValue)...UInt128(IPv4Address(198, 18, 0, 6).rawValue))
        let users = (1...5).map { "user\($0)" }
        let addresses = users.enumerated().map { lease(v4, $0.element, sa: UInt64($0.offset)) }
        #expect(addresses == (2...6).map { IPv4Address(198, 18, 0, UInt8($0)) })
        #expect(lease(v4, "late", sa: 99) == nil, "exhausted")
    }

    @Test func usersGetTheirAddressBackWhileOthersAvoidIt() {
        let alice = lease(v4, "alice", sa: 1)
        v4.release(alice!, of: 1)
        #expect(lease(v4, "bob", sa: 2) != alice, "bob avoids alice's preferred address")
        #expect(lease(v4, "alice", sa: 3) == alice)
    }

    @Test func aRequestedAddressIsHonouredOnlyWhenFreeAndNobodyElses() {
        let bobs = lease(v4, "bob", sa: 1)!
        v4.release(bobs, of: 1)
        #expect(lease(v4, "alice", sa: 2, requested: bobs) != bobs)
        #expect(lease(v4, "carol", sa: 3, requested: IPv4Address(198, 18, 0, 6)) == IPv4Address(198, 18, 0, 6))
        #expect(lease(v4, "dave", sa: 4, requested: IPv4Address(203, 0, 113, 1)).map(v4.contains) == true, "outside: ignored")
    }

    @Test func staticAddressesAreExact() {
        let taken = lease(v4, "alice", sa: 1)!
        #expect(lease(v4, "bob", sa: 2, requested: taken, exact: true) == nil, "held by another user")
        #expect(lease(v4, "bob", sa: 3, requested: IPv4Address(198, 18, 0, 5), exact: true) == IPv4Address(198, 18, 0, 5))
        #expect(v4.holder(of: IPv4Address(198, 18, 0, 5)) == "bob")
        #expect(lease(v4, "carol", sa: 4, requested: IPv4Address(203, 0, 113, 7), exact: true) == IPv4Address(203, 0, 113, 7))
        #expect(v4.leasedCount == 2, "addresses outside the pool are not tracked")
    }

    /// A replacing SA takes over the address; the old SA's late release
    /// does not free it.
    @Test func supersedingHandsTheAddressOver() {
        let first = lease(v4, "alice", sa: 1)!
        #expect(lease(v4, "alice", sa: 2, superseding: [1]) == first)
        v4.release(first, of: 1)
        #expect(v4.holder(of: first) == "alice" && v4.leasedCount == 1)
        v4.release(first, of: 2)
        #expect(v4.leasedCount == 0)
        #expect(lease(v4, "mallory", sa: 3, superseding: [2]) != first, "only the same user's SAs hand over")
    }

    @Test func rememberedPreferencesSurviveARestart() {
        let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/29")!, preferences: ["alice": IPv4Address(198, 18, 0, 5),
                                                                                     "bob": IPv4Address(203, 0, 113, 1)])
        #expect(lease(pool, "carol", sa: 1) == IPv4Address(198, 18, 0, 2))
        #expect(lease(pool, "alice", sa: 2) == IPv4Address(198, 18, 0, 5))
    }

    /// A /64 hands out addresses without walking 2^64 candidates, and a
    /// tiny IPv6 pool runs out cleanly.
    @Test func ipv6Pools() throws {
        let large = AddressPool(subnet: try #require(IPv6Subnet("2001:db8:ffff::/64")))
        let addresses = (0..<1000).compactMap { large.lease(for: "user\($0)", sa: UInt64($0), superseding: [], requested: nil, exact: false) }
        #expect(Set(addresses).count == 1000)
        #expect(addresses.first == IPv6Address("2001:db8:ffff::2"))
        let tiny = AddressPool(subnet: try #require(IPv6Subnet("2001:db8::/126")))
        let got = (0..<3).map { tiny.lease(for: "u\($0)", sa: UInt64($0), superseding: [], requested: nil, exact: false) }
        #expect(got == [IPv6Address("2001:db8::2"), IPv6Address("2001:db8::3"), nil])
    }

    @Test func journalSeesEveryChangeInOrder() {
        final class Recorder: LeaseJournal {
            let log = Mutex<[String]>([])
            func leased(_ address: IPAddress, to user: String) { log.withLock { $0.append("+\(address) \(user)") } }
            func released(_ address: IPAddress, by user: String) { log.withLock { $0.append("-\(address) \(user)") } }
        }
        let recorder = Recorder()
        let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/29")!, journal: recorder)
        let address = lease(pool, "alice", sa: 1)!
        _ = lease(pool, "alice", sa: 2, superseding: [1])
        pool.release(address, of: 1)
        pool.release(address, of: 2)
        #expect(recorder.log.withLock { $0 } == ["+198.18.0.2 alice", "-198.18.0.2 alice"], "a handover is no change of user")
    }

    @Test func subnets() throws {
        #expect(IPv4Subnet("198.18.7.9/16")?.description == "198.18.0.0/16")
        #expect(IPv4Subnet("198.18.0.0/16")?.last == IPv4Address(198, 18, 255, 255))
        #expect(IPv4Subnet("0.0.0.0/0")?.last == IPv4Address.broadcast)
        #expect(IPv6Subnet("2001:db8::1/32")?.description == "2001:db8::/32")
        #expect(IPv6Subnet("2001:db8::/64")?.last == IPv6Address("2001:db8::ffff:ffff:ffff:ffff"))
        #expect(IPv6Subnet("::/0")?.last == IPv6Address.allOnes)
        for bad in ["198.18.0.0/33", "198.18.0.0", "2001:db8::/129", "/24", "198.18.0.0/-1", "2001:db8::/64/1"] {
            #expect(IPv4Subnet(bad) == nil && IPv6Subnet(bad) == nil, "\(bad)")
        }
    }
}
