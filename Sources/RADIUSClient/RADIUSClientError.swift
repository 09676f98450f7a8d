import RADIUS

/// Why ``RADIUSClient/send(_:pinnedTo:)`` returned no reply.
public enum RADIUSClientError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every server tried stayed silent (or sent only packets that did not
    /// verify) through all its sends; the servers in the order tried.
    case noServerAnswered([RADIUSServer])
    /// The server the conversation is bound to did not answer; no other was
    /// tried, since its State means nothing elsewhere (RFC 2865 §5.24).
    case pinnedServerLost(RADIUSServer)
    /// The request was pinned to a server the client was not configured with.
    case unknownServer(RADIUSServer)
    /// Only Access-Request, Accounting-Request and Status-Server are sent.
    case unsupportedCode(RADIUSCode)
    /// The request could not be encoded or signed.
    case encoding(RADIUSEncodingError)
    /// A UDP socket could not be opened.
    case socket(String)
    /// The servers or settings given to the client cannot work.
    case invalidConfiguration(String)
    /// The client was shut down before an answer came.
    case shutDown

    public var description: String {
        switch self {
        case .noServerAnswered(let servers): "no RADIUS server answered (tried \(servers.map(\.description).joined(separator: ", ")))"
        case .pinnedServerLost(let server): "RADIUS server \(server) holding the conversation did not answer"
        case .unknownServer(let server): "RADIUS server \(server) is not configured"
        case .unsupportedCode(let code): "the RADIUS client does not send \(code)"
        case .encoding(let error): "RADIUS request not encoded: \(error)"
        case .socket(let reason): "RADIUS socket: \(reason)"
        case .invalidConfiguration(let reason): "RADIUS client configuration: \(reason)"
        case .shutDown: "RADIUS client shut down"
        }
    }
}
