import IKEWire
import Synchronization

/// One range of virtual addresses of one family. Each address is leased to
/// one IKE SA at a time, and each user gets the address they had before
/// back while it is free ("sticky" addresses).
///
/// Thread-safe: the engines of all shards share one pool. Every change is
/// passed to the journal (which persists it, batched) inside the lock, so
/// the journal sees changes in the order they happened.
public final class AddressPool<Address: PoolAddress>: Sendable {
    /// Who holds a leased address.
    struct Holder: Equatable {
        let user: String
        let sa: UInt64
    }

    private struct State {
        var leased: [Address: Holder] = [:]
        /// The address each SA holds.
        var bySA: [UInt64: Address] = [:]
        /// Each user's last address, and its inverse.
        var preferred: [String: Address] = [:]
        var preferredBy: [Address: String] = [:]
        /// Where the search for a new address continues.
        var next: UInt128

        mutating func assign(_ address: Address, to holder: Holder) {
            if let previous = leased[address] { bySA[previous.sa] = nil }
            leased[address] = holder
            bySA[holder.sa] = address
            if let previous = preferred[holder.user], previous != address { preferredBy[previous] = nil }
            if let other = preferredBy[address], other != holder.user { preferred[other] = nil }
            preferred[holder.user] = address
            preferredBy[address] = holder.user
        }
    }

    /// The first and last assignable addresses.
    public let range: ClosedRange<UInt128>
    private let state: Mutex<State>
    private let journal: (any LeaseJournal)?

    /// A pool of the hosts of `subnet`: without the network address and the
    /// first host (conventionally the gateway's own), and for IPv4 without
    /// the broadcast address. /31, /32, /127 and /128 are used whole.
    ///
    /// - Parameter preferences: each user's address from before a restart
    ///   (none of them leased now), so that users keep their addresses.
    public convenience init(subnet: Subnet<Address>, preferences: [String: Address] = [:], journal: (any LeaseJournal)? = nil) {
        let small = subnet.prefixLength >= Address.bitWidth - 1
        let first = subnet.first.integer + (small ? 0 : 2)
        let last = subnet.last.integer - (small || Address.bitWidth == 128 ? 0 : 1)
        self.init(range: first...max(first, last), preferences: preferences, journal: journal)
    }

    /// A pool of exactly the addresses `first`...`last`.
    public convenience init(first: Address, last: Address, preferences: [String: Address] = [:], journal: (any LeaseJournal)? = nil) {
        self.init(range: first.integer...max(first.integer, last.integer), preferences: preferences, journal: journal)
    }

    private init(range: ClosedRange<UInt128>, preferences: [String: Address], journal: (any LeaseJournal)?) {
        self.range = range
        self.journal = journal
        var state = State(next: range.lowerBound)
        for (user, address) in preferences.sorted(by: { $0.key < $1.key })
        where range.contains(address.integer) && state.preferredBy[address] == nil {
            state.preferred[user] = address
            state.preferredBy[address] = user
        }
        self.state = Mutex(state)
    }

    public func contains(_ address: Address) -> Bool { range.contains(address.integer) }

    /// Leases an address to `sa` of `user`.
    ///
    /// - `requested`: the address the client asked for (honoured when free
    ///   and not another user's), or with `exact` the only acceptable one
    ///   (a static address from the user's authorisation).
    /// - `superseding`: older SAs of the same user that this one replaces;
    ///   the address one of them holds passes to `sa`, so a reconnecting
    ///   client keeps its address although the old SA is deleted later.
    ///
    /// Returns nil when the pool is exhausted, or the exact address is taken.
    func lease(for user: String, sa: UInt64, superseding: [UInt64], requested: Address?, exact: Bool) -> Address? {
        let holder = Holder(user: user, sa: sa)
        return state.withLock { state in
            if exact {
                guard let address = requested else { return nil }
                guard let current = state.leased[address] else {
                    if contains(address) { assign(address, to: holder, in: &state) }
                    return address
                }
                guard current.user == user, superseding.contains(current.sa) else { return nil }
                assign(address, to: holder, in: &state)
                return address
            }
            let handedOver = superseding.compactMap { state.bySA[$0] }.first { state.leased[$0]?.user == user }
            if let handedOver {
                assign(handedOver, to: holder, in: &state)
                return handedOver
            }
            for candidate in [requested, state.preferred[user]].compactMap({ $0 })
            where contains(candidate) && state.leased[candidate] == nil && (state.preferredBy[candidate] ?? user) == user {
                assign(candidate, to: holder, in: &state)
                return candidate
            }
            guard let address = freshAddress(in: &state) else { return nil }
            assign(address, to: holder, in: &state)
            return address
        }
    }

    /// A free address: first one nobody calls theirs, then, if the pool is
    /// that full, one another user had before. The search continues where
    /// the last one ended, so released addresses are reused last. Each pass
    /// looks at no more candidates than there are addresses it may skip,
    /// so a /64 costs no more than a /24.
    private func freshAddress(in state: inout State) -> Address? {
        let size = range.upperBound - range.lowerBound + 1
        for reclaim in [false, true] {
            let skippable = UInt128(state.leased.count + (reclaim ? 0 : state.preferredBy.count))
            for step in 0..<min(size, skippable + 1) {
                let candidate = Address(integer: range.lowerBound + (state.next - range.lowerBound + step) % size)
                guard state.leased[candidate] == nil, reclaim || state.preferredBy[candidate] == nil else { continue }
                state.next = candidate.integer == range.upperBound ? range.lowerBound : candidate.integer + 1
                return candidate
            }
        }
        return nil
    }

    private func assign(_ address: Address, to holder: Holder, in state: inout State) {
        let previous = state.leased[address]
        state.assign(address, to: holder)
        if previous?.user != holder.user { journal?.leased(address.ipAddress, to: holder.user) }
    }

    /// Returns `sa`'s address unless it has passed to another SA; it stays
    /// the user's preferred one.
    func release(_ address: Address, of sa: UInt64) {
        state.withLock { state in
            guard let holder = state.leased[address], holder.sa == sa else { return }
            state.leased[address] = nil
            state.bySA[sa] = nil
            journal?.released(address.ipAddress, by: holder.user)
        }
    }

    /// Addresses currently leased.
    public var leasedCount: Int { state.withLock { $0.leased.count } }

    /// The user holding `address` now, if any.
    public func holder(of address: Address) -> String? { state.withLock { $0.leased[address]?.user } }
}
