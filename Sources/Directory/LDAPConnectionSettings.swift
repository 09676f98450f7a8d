/// How to reach and trust a directory server.
public struct LDAPConnectionSettings: Sendable, Equatable {
    /// One or more space-separated LDAP URLs (RFC 4516 §2, scheme, host and
    /// port only): `ldap://dc1.corp.example:389 ldap://dc2.corp.example`;
    /// libldap tries them in order. `ldaps://` runs TLS from the first octet.
    public var uri: String
    /// On `ldap://`, upgrade with StartTLS before anything else (RFC 4513
    /// §3); on by default, since the service password and the NT hashes
    /// cross this connection. Ignored on `ldaps://`.
    public var startTLS: Bool
    /// The CA certificates (PEM) the server's certificate must chain to;
    /// nil: libldap's default (`TLS_CACERT` in ldap.conf).
    public var caFile: String?
    /// Demand a certificate that verifies and names the host (RFC 4513
    /// §3.1.3); turning this off is for labs only.
    public var requireCertificate: Bool
    /// How long a TCP connect may take (`LDAP_OPT_NETWORK_TIMEOUT`).
    public var networkTimeout: Duration
    /// How long one operation may take (`LDAP_OPT_TIMEOUT`, and the
    /// server-side time limit of searches).
    public var operationTimeout: Duration

    public init(uri: String, startTLS: Bool = true, caFile: String? = nil, requireCertificate: Bool = true,
                networkTimeout: Duration = .seconds(3), operationTimeout: Duration = .seconds(5)) {
        self.uri = uri
        self.startTLS = startTLS
        self.caFile = caFile
        self.requireCertificate = requireCertificate
        self.networkTimeout = networkTimeout
        self.operationTimeout = operationTimeout
    }

    /// Whether TLS is on from the start (`ldaps://`).
    var usesLDAPS: Bool { uri.lowercased().hasPrefix("ldaps://") }

    /// The longest any single call may block, after which the call is given
    /// up as unreachable: libldap bounds the connect and each operation,
    /// but not the TLS handshake of `ldaps://` (measured: a listener that
    /// never answers held it for as long as the peer kept the socket).
    var deadline: Duration { networkTimeout + operationTimeout + .milliseconds(500) }
}
