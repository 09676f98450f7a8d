/// The family of a server's address, and so of the sockets that reach it:
/// an IPv4 socket cannot send to an IPv6 server and the other way round.
enum RADIUSAddressFamily: Hashable, Sendable, CustomStringConvertible {
    case v4
    case v6

    /// The wildcard a client socket binds to; the kernel picks the source
    /// address by route, as for any UDP client.
    var wildcardHost: String {
        switch self {
        case .v4: "0.0.0.0"
        case .v6: "::"
        }
    }

    var description: String {
        switch self {
        case .v4: "IPv4"
        case .v6: "IPv6"
        }
    }
}
