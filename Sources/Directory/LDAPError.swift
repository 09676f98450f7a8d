/// Why an LDAP operation failed, sorted by what the caller may do next.
///
/// The split that matters is issue 7's fallback rule: only a directory that
/// could not be reached (``Kind/unreachable``) lets a credential chain ask
/// its next store. A directory that was reached but failed, above all a TLS
/// certificate that does not verify, must refuse instead, so an attacker on
/// the path cannot force the fallback.
public struct LDAPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Connection refused, no route, connect or operation timeout, the
        /// connection lost, or the server saying it is busy or unavailable
        /// (RFC 4511 §4.1.9: `busy`, `unavailable`). A fallback is allowed.
        case unreachable
        /// The TCP connection was made, but TLS failed on it (certificate
        /// not trusted, wrong name, the peer not speaking TLS). No fallback.
        case tls
        /// The bind was refused (`invalidCredentials`, RFC 4511 §4.2.2):
        /// for the service account this is a configuration error.
        case invalidCredentials
        /// Any other answer from the server, or a protocol or local error.
        case failed
        /// Settings that can never work (an unparsable URI, an empty bind
        /// password), found before anything is sent.
        case configuration
    }

    public let kind: Kind
    /// What was being done: "connect", "StartTLS", "bind", "search".
    public let operation: String
    /// The libldap or server result code; 0 for configuration errors.
    public let code: Int32
    /// libldap's text for the code, plus the server's or TLS library's
    /// diagnostic message when there is one. Never holds credentials.
    public let message: String

    public init(kind: Kind, operation: String, code: Int32, message: String) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// Whether a credential chain may ask its next store.
    public var allowsFallback: Bool { kind == .unreachable }

    /// Whether the connection is still usable: the server answered with a
    /// result code (RFC 4511 §4.1.9) over a working session. Negative
    /// codes are libldap's and mean the session is in doubt.
    public var keepsConnection: Bool { code > 0 && kind != .unreachable && kind != .tls }

    public var description: String { "\(operation): \(message) (\(code))" }

    /// Sorts a result code.
    ///
    /// libldap reports a refused connection and a failed TLS handshake on
    /// `ldaps://` alike, as `LDAP_SERVER_DOWN`, and a failed StartTLS
    /// handshake as `LDAP_CONNECT_ERROR`. The difference is whether a TCP
    /// connection was established during the operation, which
    /// ``LDAPConnection`` learns from libldap's connect callback:
    /// - Parameter connectedDuringOperation: a new TCP connection was made
    ///   while this operation ran.
    public static func classify(code: Int32, connectedDuringOperation: Bool) -> Kind {
        switch code {
        case LDAPResultCode.serverDown, LDAPResultCode.connectError:
            connectedDuringOperation ? .tls : .unreachable
        case LDAPResultCode.timeout, LDAPResultCode.busy, LDAPResultCode.unavailable:
            .unreachable
        case LDAPResultCode.invalidCredentials:
            .invalidCredentials
        case LDAPResultCode.parameterError, LDAPResultCode.authUnknown:
            .configuration
        default:
            .failed
        }
    }
}
