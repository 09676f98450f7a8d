import IKECrypto
import IKEWire
import NIOCore
import RADIUS

/// What a reply on one socket and identifier is checked against, and the
/// task waiting for it.
struct RADIUSPendingRequest: Sendable {
    /// Tells this request from a later one that reuses the identifier, for
    /// a timer or a verification that finishes after the slot changed hands.
    var generation: UInt64
    /// The index of the server in the client's (priority-ordered) list.
    var server: Int
    var peer: Endpoint
    var requestAuthenticator: [UInt8]
    var secret: SecretBytes
    var requestCode: RADIUSCode
    /// The task waiting now, if it is waiting.
    var waiter: CheckedContinuation<RADIUSWaitOutcome, Never>?
    /// The waiter's timeout.
    var timer: Scheduled<Void>?
    /// An outcome that came while no task was waiting (between a timeout and
    /// the retransmission), for the next wait to take.
    var outcome: RADIUSWaitOutcome?

    /// Whether `code` answers this request: Access-Accept, -Reject or
    /// -Challenge an Access-Request (RFC 2865 §4), Accounting-Response an
    /// Accounting-Request (RFC 2866 §4), either a Status-Server (RFC 5997 §3).
    func isAnswered(by code: RADIUSCode) -> Bool {
        switch requestCode {
        case .accessRequest: code.isAccessResponse
        case .accountingRequest: code == .accountingResponse
        default: code.isAccessResponse || code == .accountingResponse
        }
    }
}
