import RADIUS

/// A verified answer and what the caller needs besides the packet.
public struct RADIUSReply: Sendable {
    /// Verified against the request's authenticator and the server's secret
    /// (RFC 2865 §3, RFC 2866 §3, RFC 3579 §3.2).
    public let packet: RADIUSPacket
    /// The server that answered: an Access-Challenge's State binds the rest
    /// of the EAP conversation to it (RFC 2865 §5.24), and its secret
    /// decrypts the MS-MPPE keys (RFC 2548 §2.4.2).
    public let server: RADIUSServer
    /// The Request Authenticator of the request this answers, which the
    /// MS-MPPE key decryption uses (RFC 2548 §2.4.2).
    public let requestAuthenticator: [UInt8]

    public init(packet: RADIUSPacket, server: RADIUSServer, requestAuthenticator: [UInt8]) {
        self.packet = packet
        self.server = server
        self.requestAuthenticator = requestAuthenticator
    }
}
