/// What a request looking for an identifier is told to do.
enum RADIUSIdentifierWakeup: Sendable {
    /// Use this identifier, already reserved for it.
    case leased(RADIUSLease)
    /// Open the socket with this key (its place under the socket limit is
    /// already counted) and take an identifier of it.
    case open(socket: Int)
    /// Something changed (a socket failed to open): ask again.
    case retry
    case shutDown
}
