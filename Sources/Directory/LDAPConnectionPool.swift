import IKECrypto
import Synchronization

/// A bounded set of connections bound as the service account.
///
/// At most `size` connections exist, so at most `size` threads block in
/// libldap; look-ups beyond that wait their turn. A connection whose
/// session is in doubt (any libldap error, as opposed to a result code the
/// server sent) is closed rather than returned. When an idle connection
/// turns out to be dead, typically because the server restarted since it
/// was last used, the operation is retried once on a new connection, so a
/// restart costs no failed log-in.
final class LDAPConnectionPool: Sendable {

    private let settings: LDAPConnectionSettings
    private let bindDN: String
    private let bindPassword: SecretBytes
    private let slots: AsyncSlots
    private let idle = Mutex<[LDAPConnection]>([])

    init(settings: LDAPConnectionSettings, bindDN: String, bindPassword: SecretBytes, size: Int) {
        precondition(size > 0, "a pool holds at least one connection")
        self.settings = settings
        self.bindDN = bindDN
        self.bindPassword = bindPassword
        slots = AsyncSlots(size)
    }

    /// Connections open and idle now (for tests and status).
    var idleCount: Int { idle.withLock { $0.count } }

    /// Runs `body` on a bound connection.
    func withConnection<T: Sendable>(_ body: (LDAPConnection) async throws(LDAPError) -> T) async throws(LDAPError) -> T {
        await slots.acquire()
        defer { slots.release() }
        if let connection = idle.withLock({ $0.popLast() }) {
            do throws(LDAPError) {
                let result = try await body(connection)
                idle.withLock { $0.append(connection) }
                return result
            } catch where error.code == LDAPResultCode.serverDown && error.kind == .unreachable {
                // Stale: fall through to a new connection.
            } catch {
                if error.keepsConnection { idle.withLock { $0.append(connection) } }
                throw error
            }
        }
        let connection = try await LDAPConnection.open(settings)
        try await connection.bind(dn: bindDN, password: bindPassword)
        do throws(LDAPError) {
            let result = try await body(connection)
            idle.withLock { $0.append(connection) }
            return result
        } catch {
            if error.keepsConnection { idle.withLock { $0.append(connection) } }
            throw error
        }
    }
}
