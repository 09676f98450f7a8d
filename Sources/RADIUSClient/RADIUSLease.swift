/// An identifier held on one socket for one request to one server: the
/// request keeps it through its retransmissions (RFC 5080 §2.2.1) and gives
/// it back when it has an answer or gives up on that server.
struct RADIUSLease: Hashable, Sendable {
    /// The key of the socket in the client's state.
    var socket: Int
    var identifier: UInt8
}
