/// Why an established IKE SA ended, typed so that the runtime can report
/// it (RADIUS Acct-Terminate-Cause, RFC 2866 §5.10) without parsing the
/// log text in ``IKESAEvent/deleted(spi:peer:user:reason:cause:)``.
public enum SAEndCause: Hashable, Sendable, CustomStringConvertible {
    /// The peer deleted it (the user disconnected).
    case peerDeleted
    /// The admin terminated it (`gatehouse terminate`).
    case terminated
    /// The user's session time ran out (RADIUS Session-Timeout).
    case sessionTimeout
    /// The peer stopped answering our requests.
    case peerUnresponsive
    /// A newer SA of the same user replaced it (uniqueness policy).
    case replaced
    /// Its CHILD_SA reached the hard lifetime.
    case lifetimeExpired
    /// The gateway could not keep it (e.g. its CHILD_SA could not be installed).
    case gatewayError

    public var description: String {
        switch self {
        case .peerDeleted: "deleted by the peer"
        case .terminated: "terminated"
        case .sessionTimeout: "session timeout"
        case .peerUnresponsive: "peer unresponsive"
        case .replaced: "replaced by a newer SA of the same user"
        case .lifetimeExpired: "lifetime expired"
        case .gatewayError: "gateway error"
        }
    }
}
