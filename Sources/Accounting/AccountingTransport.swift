import RADIUS

/// Where accounting records go: the RADIUS client, or a test double. The
/// service does not depend on the client target, so that the spool's rules
/// can be tested without sockets and the lead can wire any transport.
public protocol AccountingTransport: Sendable {
    /// Sends an Accounting-Request (identifier and authenticator are the transport's) and returns the
    /// verified Accounting-Response, or throws when no server answered.
    func sendAccounting(_ request: RADIUSPacket) async throws -> RADIUSPacket
}
