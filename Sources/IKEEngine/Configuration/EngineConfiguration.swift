/// Everything the engine needs to know from the administrator. The runtime
/// builds it from the YAML configuration; tests build it directly.
public struct EngineConfiguration: Sendable {
    /// IKE SA proposals, in order of preference.
    public var ikeProposals: [IKEProposalPolicy] = DefaultProposals.ike
    /// CHILD_SA (ESP) proposals, in order of preference.
    public var espProposals: [ESPProposalPolicy] = DefaultProposals.esp
    /// Cookies, half-open limits and timeouts (RFC 7296 §2.6).
    public var denialOfService = DenialOfServicePolicy()
    /// Retransmission of the requests we send (RFC 7296 §2.1).
    public var retransmission = RetransmissionPolicy()
    /// IKEv2 fragmentation (RFC 7383).
    public var fragmentation = FragmentationPolicy()
    /// The gateway's identity, certificates and key; needed to answer IKE_AUTH.
    public var gateway: GatewayCredentials?
    /// Whether clients may authenticate with certificates, and the CAs to
    /// ask for; nil refuses AUTH in the first IKE_AUTH request (EAP only).
    public var clientCertificates: ClientCertificatePolicy?
    /// DNS/NBNS servers and the protected subnets.
    public var network = NetworkPolicy()
    /// Per-user restrictions by name (``Authorization/policy``).
    public var userPolicies: [String: UserPolicy] = [:]
    /// How long a failed authentication waits before AUTHENTICATION_FAILED
    /// goes out, which slows password guessing.
    public var authenticationFailureDelay: Duration = .seconds(1)
    /// What a user's second IKE SA does to the first (RFC 7296 §2.4).
    public var uniqueness = UniquenessPolicy.replace
    /// Rekeying, liveness checks and MOBIKE.
    public var lifecycle = LifecyclePolicy()

    public init() {}
}

/// Limits on unauthenticated state (RFC 7296 §2.6). Counts are per engine
/// instance, which is one shard of the SA table on one event loop.
public struct DenialOfServicePolicy: Sendable {
    /// Half-open IKE SAs at or above which new IKE_SA_INIT requests must carry
    /// a valid cookie. Zero demands cookies always.
    public var cookieThreshold = 30
    /// Half-open IKE SAs allowed per source address; requests beyond it are
    /// dropped until some complete or time out. Offices behind one NAT share an
    /// address, so this is larger than strongSwan's default of 5.
    public var halfOpenPerSource = 10
    /// Half-open IKE SAs allowed in all; beyond it requests are dropped.
    public var maximumHalfOpen = 20_000
    /// How long a half-open IKE SA may wait to become established.
    public var halfOpenTimeout: Duration = .seconds(30)
    /// How long a cookie secret is used before it is replaced; cookies made
    /// with the previous secret stay valid for one more period.
    public var cookieSecretLifetime: Duration = .seconds(120)
    /// How long after dropping a request at a half-open limit the engine
    /// still reports itself under load (``EngineLoad/underLoad``), so that
    /// a flood arriving in bursts reads as one episode, not many.
    public var underLoadAfterDrop: Duration = .seconds(5)

    public init() {}
}

/// When to resend a request that got no response (RFC 7296 §2.1).
public struct RetransmissionPolicy: Sendable {
    /// Time before the first retransmission.
    public var initialTimeout: Duration = .seconds(2)
    /// Factor by which each further timeout grows.
    public var backoff: Double = 1.8
    /// Transmissions in all, the first included, before giving up.
    public var maximumTransmissions = 6

    public init() {}

    /// The timeout after transmission number `count` (1 for the first).
    func timeout(afterTransmission count: Int) -> Duration {
        initialTimeout * pow(backoff, Double(count - 1))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(exponent) { result *= base }
        return result
    }
}
