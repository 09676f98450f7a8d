import IKEWire

/// Hands out virtual addresses (INTERNAL_IP4_ADDRESS and
/// INTERNAL_IP6_ADDRESS, RFC 7296 §3.15.1).
///
/// Called synchronously from engines on several event loops, so
/// implementations must be thread-safe and quick; persistence, if any,
/// happens behind the call (``LeaseJournal``).
public protocol AddressAllocator: AnyObject, Sendable {
    /// Whether there are addresses of `family` to hand out at all, in the
    /// named pool or (nil) the default one.
    func serves(_ family: IPAddress.Family, pool: String?) -> Bool
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
    /// The named pool the user's authorisation assigns; nil for the default.
    public var pool: String?

    public init(family: IPAddress.Family, user: String, sa: UInt64, superseding: [UInt64] = [], requested: IPAddress? = nil,
                required: IPAddress? = nil, pool: String? = nil) {
        self.pool = pool
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

/// The gateway's pools: the default IPv4 range and optional IPv6 range,
/// and named pools of the same kind that authorisation can assign (a rule
/// for certificate clients, later RADIUS Framed-Pool).
public final class VirtualAddressPools: AddressAllocator {
    public let ipv4: AddressPool<IPv4Address>?
    public let ipv6: AddressPool<IPv6Address>?
    /// Named pools, each with its own ranges.
    public let named: [String: VirtualAddressPools]

    public init(ipv4: AddressPool<IPv4Address>?, ipv6: AddressPool<IPv6Address>? = nil, named: [String: VirtualAddressPools] = [:]) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
        self.named = named
    }

    /// The pools a request draws from; nil for a name that is not
    /// configured, which gets no address rather than the default pool's.
    private func pools(_ name: String?) -> VirtualAddressPools? {
        guard let name else { return self }
        return named[name]
    }

    public func serves(_ family: IPAddress.Family, pool: String? = nil) -> Bool {
        guard let pools = pools(pool) else { return false }
        switch family {
        case .ipv4: return pools.ipv4 != nil
        case .ipv6: return pools.ipv6 != nil
        }
    }

    public func lease(_ request: LeaseRequest) -> IPAddress? {
        guard let pools = pools(request.pool) else { return nil }
        switch request.family {
        case .ipv4: return Self.lease(request, from: pools.ipv4)
        case .ipv6: return Self.lease(request, from: pools.ipv6)
        }
    }

    /// Addresses leased in every pool, for `status`.
    public var leasedCount: Int {
        (ipv4?.leasedCount ?? 0) + (ipv6?.leasedCount ?? 0) + named.values.reduce(0) { $0 + $1.leasedCount }
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

    /// Releases in whichever pool holds the address (named pools may share
    /// the default IPv6 pool, see the gateway's leak protection).
    public func release(_ address: IPAddress, of sa: UInt64) {
        switch address {
        case .v4(let v4):
            if let ipv4, ipv4.contains(v4) { return ipv4.release(v4, of: sa) }
        case .v6(let v6):
            if let ipv6, ipv6.contains(v6) { return ipv6.release(v6, of: sa) }
        }
        for pools in named.values { pools.release(address, of: sa) }
    }
}
