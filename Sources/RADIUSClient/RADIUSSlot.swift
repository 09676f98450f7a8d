/// One identifier of one socket.
enum RADIUSSlot: Sendable {
    case free
    /// Handed to a request that has not registered what it sent yet.
    case reserved
    case pending(RADIUSPendingRequest)
}
