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

    /// Decides on `sa` of `user` and records it when admitted.
    public func admit(_ sa: UInt64, user: String, initialContact: Bool, policy: UniquenessPolicy) -> Admission {
        table.withLock { table in
            let existing = table[user] ?? []
            let superseded: [UInt64]
            switch policy {
            case .replace:
                superseded = existing
            case .keep:
                if !existing.isEmpty && !initialContact { return .refused(existing: existing) }
                superseded = existing
            case .never:
                superseded = []
            }
            table[user] = existing.filter { !superseded.contains($0) } + [sa]
            return .admitted(superseding: superseded)
        }
    }

    /// Forgets `sa`, when it is deleted.
    public func remove(_ sa: UInt64, user: String) {
        table.withLock { table in
            let remaining = (table[user] ?? []).filter { $0 != sa }
            table[user] = remaining.isEmpty ? nil : remaining
        }
    }

    /// The SAs `user` holds.
    public func sas(of user: String) -> [UInt64] { table.withLock { $0[user] ?? [] } }
}
