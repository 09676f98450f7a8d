import IKEWire

/// Hands out virtual addresses (INTERNAL_IP4_ADDRESS and
/// INTERNAL_IP6_ADDRESS, RFC 7296 §3.15.1).
///
/// Called synchronously from engines on several event loops, so
/// implementations must be thread-safe and quick; persistence, if any,
/// happens behind the call (``LeaseJournal``).
public protocol AddressAllocator: AnyObject, Sendable {
    /// Whether there are addresses of `family` to hand out at all.
    func serves(_ family: IPAddress.Family) -> Bool
    /// An address for the request, or nil when none can be given.
    func lease(_ request: LeaseRequest) -> IPAddress?
    /// Returns the address `sa` holds, unless it has passed to another SA.
    func release(_ address: IPAddress, of sa: UInt64)
}

/// What an IKE SA asks of the address allocator.
public struct LeaseRequest: Sendable {
    public var family: IPAddress.Family
    /// The authenticated user (the look-up name, not the IKE identity).
    public var user: String
    /// The IKE SA that will hold the address (our SPI).
    public var sa: UInt64
    /// Older SAs of the same user that this one replaces; an address one
    /// of them holds passes to `sa`.
    public var superseding: [UInt64]
    /// The address the client asked for; only honoured when free.
    public var requested: IPAddress?
    /// A static address from the user's authorisation: this one or none.
    public var required: IPAddress?

    public init(family: IPAddress.Family, user: String, sa: UInt64, superseding: [UInt64] = [], requested: IPAddress? = nil,
                required: IPAddress? = nil) {
        self.family = family
        self.user = user
        self.sa = sa
        self.superseding = superseding
        self.requested = requested
        self.required = required
    }
}

/// Told of every change to the leases, in order, so that they can be
/// persisted; called under the pool's lock, so it must only record.
public protocol LeaseJournal: AnyObject, Sendable {
    func leased(_ address: IPAddress, to user: String)
    func released(_ address: IPAddress, by user: String)
}

/// The gateway's pools: one IPv4 range and optionally one IPv6 range.
public final class VirtualAddressPools: AddressAllocator {
    public let ipv4: AddressPool<IPv4Address>?
    public let ipv6: AddressPool<IPv6Address>?

    public init(ipv4: AddressPool<IPv4Address>?, ipv6: AddressPool<IPv6Address>? = nil) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }

    public func serves(_ family: IPAddress.Family) -> Bool {
        switch family {
        case .ipv4: ipv4 != nil
        case .ipv6: ipv6 != nil
        }
    }

    public func lease(_ request: LeaseRequest) -> IPAddress? {
        switch request.family {
        case .ipv4: Self.lease(request, from: ipv4)
        case .ipv6: Self.lease(request, from: ipv6)
        }
    }

    private static func lease<Address: PoolAddress>(_ request: LeaseRequest, from pool: AddressPool<Address>?) -> IPAddress? {
        if let required = request.required {
            guard let address = Address(required) else { return nil }
            // Without a pool of its family a static address needs no bookkeeping.
            guard let pool else { return required }
            return pool.lease(for: request.user, sa: request.sa, superseding: request.superseding, requested: address, exact: true)?
                .ipAddress
        }
        return pool?.lease(for: request.user, sa: request.sa, superseding: request.superseding,
                           requested: request.requested.flatMap(Address.init), exact: false)?.ipAddress
    }

    public func release(_ address: IPAddress, of sa: UInt64) {
        switch address {
        case .v4(let address): ipv4?.release(address, of: sa)
        case .v6(let address): ipv6?.release(address, of: sa)
        }
    }
}
