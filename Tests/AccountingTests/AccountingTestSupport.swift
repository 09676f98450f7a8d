import Foundation
import IKEWire
import Logging
import RADIUS
import SQLiteStore
import Synchronization
@testable import Accounting

/// An accounting server in memory: answers, or stays silent, and keeps
/// every attempt and every acknowledged request in order.
actor FakeAccountingServer: AccountingTransport {
    struct Silent: Error {}

    var answering: Bool
    /// Attempts that fail before the server answers, even when answering.
    var failuresLeft = 0
    var latency: Duration = .zero
    private(set) var attempts: [RADIUSPacket] = []
    private(set) var acknowledged: [RADIUSPacket] = []
    /// Times a session had two records in flight at once.
    private(set) var overlaps = 0
    private var sessionsInFlight: Set<String> = []
    private let onAttempt: @Sendable () -> Void

    init(answering: Bool = true, onAttempt: @escaping @Sendable () -> Void = {}) {
        self.answering = answering
        self.onAttempt = onAttempt
    }

    func setAnswering(_ answering: Bool) { self.answering = answering }
    func setFailures(_ count: Int) { failuresLeft = count }
    func setLatency(_ latency: Duration) { self.latency = latency }

    func sendAccounting(_ request: RADIUSPacket) async throws -> RADIUSPacket {
        attempts.append(request)
        onAttempt()
        let session = request.sessionID
        if !sessionsInFlight.insert(session).inserted { overlaps += 1 }
        if latency > .zero { try? await Task.sleep(for: latency) }
        sessionsInFlight.remove(session)
        guard answering, failuresLeft == 0 else {
            failuresLeft = max(0, failuresLeft - 1)
            throw Silent()
        }
        acknowledged.append(request)
        return RADIUSPacket(code: .accountingResponse, identifier: request.identifier, authenticator: [UInt8](repeating: 0, count: 16))
    }
}

/// A wall clock the test moves.
final class TestClock: Sendable {
    private let date: Mutex<Date>
    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { date = Mutex(start) }
    var now: Date { date.withLock { $0 } }
    func advance(by seconds: TimeInterval) { date.withLock { $0 += seconds } }
}

extension RADIUSPacket {
    var status: AccountingStatusType? { (try? first(.acctStatusType)?.integer()).map(AccountingStatusType.init(rawValue:)) }
    var sessionID: String { (try? first(.acctSessionID)?.text()) ?? "" }
    func integer(_ type: RADIUSAttributeType) -> UInt32? { try? first(type)?.integer() }
}

/// A spool folder per test, and services on it.
struct AccountingFixture {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-accounting-\(UUID().uuidString)")
    var path: String { folder.appendingPathComponent("spool.sqlite").path }
    let clock = TestClock()
    static let nas = NASIdentity(identifier: "gatehouse-test", ipv4: IPv4Address(203, 0, 113, 1),
                                 ipv6: IPv6Address("2001:db8::1"), calledStationID: "203.0.113.1")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func settings(retry: Duration = .milliseconds(20)) -> AccountingSpoolSettings {
        let clock = self.clock
        return AccountingSpoolSettings(initialRetryDelay: retry, maximumRetryDelay: retry * 4, now: { clock.now })
    }

    func service(path: String? = nil, transport: FakeAccountingServer, interimInterval: Duration? = nil,
                 counters: @escaping @Sendable (String) async -> AccountingCounters? = { _ in .zero },
                 settings: AccountingSpoolSettings? = nil) throws -> AccountingService {
        try AccountingService(spoolPath: path ?? self.path, transport: transport, nas: Self.nas, interimInterval: interimInterval,
                              counters: counters, logger: Logger(label: "test"), settings: settings ?? self.settings())
    }

    func session(_ id: String, interim: Duration? = nil) -> AccountingSession {
        AccountingSession(sessionID: id, userName: "user-\(id)", callingStationID: "198.51.100.7[4500]",
                          framedIPv4: IPv4Address(198, 18, 0, 9), framedIPv6: IPv6Address("2001:db8:ffff::9"),
                          classes: [Array("class-\(id)".utf8), [0, 1, 2]], interimInterval: interim, started: clock.now)
    }

    /// Counts rows in the spool through a second connection, as another
    /// process would see the file.
    func rows(_ table: String, at path: String? = nil) throws -> Int {
        let database = try SQLiteDatabase(path: path ?? self.path)
        var count = 0
        try database.query("SELECT count(*) FROM \(table)") { count = Int($0.integer(0)) }
        return count
    }

    /// What a crash would leave: the database and its WAL copied while the
    /// service that wrote them still runs, never closed.
    func crashImage() throws -> String {
        let copy = folder.appendingPathComponent("crash-\(UUID().uuidString).sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        if FileManager.default.fileExists(atPath: path + "-wal") {
            try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
        }
        return copy
    }
}

/// Polls `condition` until it holds or `timeout` passes. The timeout is
/// generous on purpose: it is only reached when something is wrong, and
/// in the full test run on two cores the interop suites' blocking waits
/// can hold the cooperative thread pool for seconds.
func eventually(timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return try await condition()
}
