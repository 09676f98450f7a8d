import IKEWire
import RADIUSClient

/// How EAP is relayed to RADIUS (`authentication.radius`): the servers and
/// their transport, what the gateway says about itself in every request,
/// and how Filter-Id values map to pools and user policies.
struct RADIUSRelaySettings: Sendable, Equatable {
    /// The servers, in order of preference, and how requests to them are
    /// retransmitted and failed over.
    var servers: [RADIUSServer]
    var transport: RADIUSTransportSettings
    /// NAS-Identifier (RFC 2865 §5.32); default: the gateway's identity.
    var nasIdentifier: String
    /// NAS-IP-Address / NAS-IPv6-Address; default: the address the client reached.
    var nasAddress: IPAddress?
    /// Framed-MTU (RFC 3579 §2.4): the largest EAP packet the gateway can
    /// carry to the client, which EAP-TLS-style methods fragment to.
    var framedMTU: UInt32 = 1400
    /// Filter-Id value → what it selects. A Filter-Id missing here refuses
    /// the user: the server meant to restrict it in a way we cannot honour.
    var filters: [String: FilterPolicy] = [:]
}

/// What a RADIUS Filter-Id selects (RFC 2865 §5.11): a named pool, a user
/// policy (allowed subnets, see `UserPolicy`), or both.
struct FilterPolicy: Hashable, Sendable {
    var pool: String?
    var policy: String?
}
