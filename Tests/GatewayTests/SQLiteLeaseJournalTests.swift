import Foundation
import IKEEngine
import IKEWire
import Logging
import SQLiteStore
import Testing
@testable import Gateway

@Suite struct SQLiteLeaseJournalTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-leases-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("leases.sqlite").path }

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func open() throws -> SQLiteLeaseJournal {
        // A long interval: the tests decide when to write.
        try SQLiteLeaseJournal(path: path, flushInterval: .seconds(3600), logger: Logger(label: "test"))
    }

    /// Users get their addresses back after a restart, none of them leased.
    @Test func addressesSurviveARestartAsPreferences() throws {
        do {
            let journal = try open()
            let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!, journal: journal)
            let pool6 = AddressPool(subnet: IPv6Subnet("2001:db8:ffff::/64")!, journal: journal)
            let pools = VirtualAddressPools(ipv4: pool, ipv6: pool6)
            for (index, user) in ["alice", "bob", "carol"].enumerated() {
                _ = pools.lease(LeaseRequest(family: .ipv4, user: user, sa: UInt64(index)))
            }
            _ = pools.lease(LeaseRequest(family: .ipv6, user: "alice", sa: 0))
            pools.release(.v4(IPv4Address(198, 18, 0, 3)), of: 1)
            journal.close()
        }
        let journal = try open()
        let remembered = try journal.preferences()
        #expect(remembered.ipv4 == ["alice": IPv4Address(198, 18, 0, 2), "bob": IPv4Address(198, 18, 0, 3), "carol": IPv4Address(198, 18, 0, 4)])
        #expect(remembered.ipv6 == ["alice": IPv6Address("2001:db8:ffff::2")!])
        let pool = AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!, preferences: remembered.ipv4, journal: journal)
        let pools = VirtualAddressPools(ipv4: pool)
        #expect(pool.leasedCount == 0)
        #expect(pools.lease(LeaseRequest(family: .ipv4, user: "dave", sa: 9)) == .v4(IPv4Address(198, 18, 0, 5)))
        #expect(pools.lease(LeaseRequest(family: .ipv4, user: "carol", sa: 10)) == .v4(IPv4Address(198, 18, 0, 4)))
        journal.close()
        #expect(try activeRows() == 2, "dave and carol hold theirs; earlier leases were cleared on open")
    }

    /// An address that passed to another user is that user's preference now.
    @Test func theLatestHolderOfAnAddressWins() throws {
        let journal = try open()
        journal.leased(.v4(IPv4Address(198, 18, 0, 2)), to: "alice")
        journal.sync()
        journal.released(.v4(IPv4Address(198, 18, 0, 2)), by: "alice")
        journal.leased(.v4(IPv4Address(198, 18, 0, 2)), to: "bob")
        journal.close()
        #expect(try open().preferences().ipv4 == ["bob": IPv4Address(198, 18, 0, 2)])
    }

    @Test func anUnwritableDatabaseIsAnErrorAtOpen() {
        #expect(throws: SQLiteDatabase.Failure.self) {
            try SQLiteLeaseJournal(path: "/nonexistent-folder/leases.sqlite", logger: Logger(label: "test"))
        }
    }

    private func activeRows() throws -> Int {
        let database = try SQLiteDatabase(path: path)
        var count = 0
        try database.query("SELECT address FROM leases WHERE active = 1") { _ in count += 1 }
        return count
    }
}
