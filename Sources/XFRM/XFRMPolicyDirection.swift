/// The direction a policy applies to (XFRM_POLICY_IN, _OUT, _FWD in <linux/xfrm.h>).
public enum XFRMPolicyDirection: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// Packets addressed to this host.
    case inbound = 0
    /// Packets this host sends.
    case outbound = 1
    /// Packets this host routes: decrypted client traffic leaving to the
    /// protected network needs an `fwd` policy on a gateway.
    case forward = 2

    public var description: String {
        switch self {
        case .inbound: "in"
        case .outbound: "out"
        case .forward: "fwd"
        }
    }
}
