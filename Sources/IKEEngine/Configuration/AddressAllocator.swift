import IKEWire
import Synchronization

/// Hands out virtual IPv4 addresses (INTERNAL_IP4_ADDRESS, RFC 7296 §3.15.1).
///
/// Called synchronously from engines on several event loops, so
/// implementations must be thread-safe and quick; persistence, if any, happens
/// behind the call.
public protocol AddressAllocator: AnyObject, Sendable {
    /// An address for `user`, preferring `requested` and then the address the
    /// user had before; nil when the pool is exhausted.
    func lease(for user: String, requested: IPv4Address?) -> IPv4Address?
    /// Returns an address to the pool; it stays the user's preferred one.
    func release(_ address: IPv4Address, of user: String)
}

/// An in-memory pool over one IPv4 range that gives each user the same
/// address back while it is free.
public final class IPv4AddressPool: AddressAllocator {
    private struct State {
        var leased: [IPv4Address: String] = [:]
        /// Each user's last address, and its inverse.
        var preferred: [String: IPv4Address] = [:]
        var preferredBy: [IPv4Address: String] = [:]
        var next: UInt32

        mutating func assign(_ address: IPv4Address, to user: String) {
            leased[address] = user
            if let previous = preferred[user], previous != address { preferredBy[previous] = nil }
            if let other = preferredBy[address], other != user { preferred[other] = nil }
            preferred[user] = address
            preferredBy[address] = user
        }
    }

    /// The first and last assignable addresses.
    public let range: ClosedRange<UInt32>
    private let state: Mutex<State>

    /// A pool of the hosts of `subnet`, without its network and broadcast
    /// addresses (and without the first host, conventionally the gateway's own).
    public init(subnet: IPv4Subnet) {
        let first = subnet.first.rawValue &+ (subnet.prefixLength < 31 ? 2 : 0)
        let last = subnet.last.rawValue &- (subnet.prefixLength < 31 ? 1 : 0)
        range = first...max(first, last)
        state = Mutex(State(next: first))
    }

    /// A pool of exactly the addresses `first`...`last`.
    public init(first: IPv4Address, last: IPv4Address) {
        range = first.rawValue...max(first.rawValue, last.rawValue)
        state = Mutex(State(next: first.rawValue))
    }

    public func lease(for user: String, requested: IPv4Address?) -> IPv4Address? {
        state.withLock { state in
            for candidate in [requested, state.preferred[user]].compactMap({ $0 })
            where range.contains(candidate.rawValue) && state.leased[candidate] == nil {
                state.assign(candidate, to: user)
                return candidate
            }
            // A new address: first one nobody calls theirs, then, if the pool is
            // that full, one another user had before. The search continues where
            // the last one ended, so released addresses are reused last.
            let size = UInt64(range.upperBound) - UInt64(range.lowerBound) + 1
            for reclaim in [false, true] {
                for step in 0..<size {
                    let offset = (UInt64(state.next) - UInt64(range.lowerBound) + step) % size
                    let candidate = IPv4Address(rawValue: UInt32(UInt64(range.lowerBound) + offset))
                    guard state.leased[candidate] == nil, reclaim || state.preferredBy[candidate] == nil else { continue }
                    state.assign(candidate, to: user)
                    state.next = candidate.rawValue == range.upperBound ? range.lowerBound : candidate.rawValue + 1
                    return candidate
                }
            }
            return nil
        }
    }

    public func release(_ address: IPv4Address, of user: String) {
        state.withLock { state in
            if state.leased[address] == user { state.leased[address] = nil }
        }
    }

    /// Addresses currently leased.
    public var leasedCount: Int { state.withLock { $0.leased.count } }
}
