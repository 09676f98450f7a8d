import RADIUS

/// How one wait for an answer ended.
enum RADIUSWaitOutcome: Sendable {
    /// A reply from the right source, with the right identifier, that verified.
    case reply(RADIUSPacket)
    /// The wait's timeout passed first.
    case timedOut
    /// The client was shut down.
    case shutDown
}
