import Synchronization

/// Which established IKE SAs each user holds, across all shards, so that
/// the uniqueness policy and INITIAL_CONTACT can find a user's older SAs
/// wherever they live. Thread-safe; the engines of all shards share one.
public final class IdentityRegistry: Sendable {
    private let table = Mutex<[String: [UInt64]]>([:])

    public init() {}

    /// The verdict on a newly authenticated SA.
    public enum Admission: Equatable, Sendable {
        /// Admitted; the listed older SAs of the user are to be deleted.
        case admitted(superseding: [UInt64])
        /// Refused: the user already has these SAs (policy `keep`).
        case refused(existing: [UInt64])
    }

    /// Decides on `sa` of `user` and records it when admitted. Changes the
    /// user's list in place: under `never` one user may hold thousands of
    /// SAs (a load generator's), and copying the list per SA would make
    /// admitting them quadratic.
    public func admit(_ sa: UInt64, user: String, initialContact: Bool, policy: UniquenessPolicy) -> Admission {
        table.withLock { table in
            switch policy {
            case .never:
                table[user, default: []].append(sa)
                return .admitted(superseding: [])
            case .keep where table[user]?.isEmpty == false && !initialContact:
                return .refused(existing: table[user] ?? [])
            case .replace, .keep:
                let superseded = table[user] ?? []
                table[user] = [sa]
                return .admitted(superseding: superseded)
            }
        }
    }

    /// Forgets `sa`, when it is deleted.
    public func remove(_ sa: UInt64, user: String) {
        table.withLock { table in
            table[user]?.removeAll { $0 == sa }
            if table[user]?.isEmpty == true { table[user] = nil }
        }
    }

    /// The SAs `user` holds.
    public func sas(of user: String) -> [UInt64] { table.withLock { $0[user] ?? [] } }
}
