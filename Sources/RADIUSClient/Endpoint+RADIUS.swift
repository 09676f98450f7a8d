import IKEWire

/// A server's address and port as replies are matched against them: a
/// reply counts only if it comes from where the request went (RFC 2865 §3,
/// RFC 5080 §2.2.2).
extension Endpoint {
    /// Which of the client's sockets reach it.
    var family: RADIUSAddressFamily {
        switch address {
        case .v4: .v4
        case .v6: .v6
        }
    }
}
