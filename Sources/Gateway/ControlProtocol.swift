import Foundation
import IKEEngine

/// The control socket's protocol: one JSON request line, one JSON response,
/// then the connection closes. `gatehouse status|list-sas|terminate|reload`
/// are its clients.
public struct ControlRequest: Codable, Sendable {
    /// status, list-sas, terminate or reload.
    public var command: String
    /// For terminate: an SPI (16 hex digits) or a user name.
    public var argument: String?

    public init(command: String, argument: String? = nil) {
        self.command = command
        self.argument = argument
    }
}

/// The answer to a ``ControlRequest``.
public struct ControlResponse: Codable, Sendable {
    /// Whether the command succeeded.
    public var ok: Bool
    /// A human-readable result or error.
    public var message: String
    /// For list-sas.
    public var sas: [SASnapshot]?
    /// For status.
    public var status: GatewayStatus?

    public init(ok: Bool, message: String, sas: [SASnapshot]? = nil, status: GatewayStatus? = nil) {
        self.ok = ok
        self.message = message
        self.sas = sas
        self.status = status
    }
}

/// What `gatehouse status` shows.
public struct GatewayStatus: Codable, Sendable {
    public var endpoints: [String]
    public var ikeSAs: Int
    public var established: Int
    public var connecting: Int
    public var leasedAddresses: Int
    public var uptimeSeconds: Int
    /// RADIUS servers (authentication, then accounting) as "address:port
    /// alive|dead"; empty without RADIUS.
    public var radiusServers: [String] = []
    /// Accounting records waiting in the spool for an Accounting-Response;
    /// nil without accounting.
    public var accountingPending: Int?
    /// The credential chain (directory, then secrets file), each store
    /// "in use" or unreachable; empty without a directory.
    public var credentialStores: [String]? = nil
    /// The IKE_SA_INIT defences summed over shards: under load or not, the
    /// half-open SAs now, and the requests answered with a cookie demand or
    /// dropped at a half-open limit since the gateway started.
    public var load: EngineLoad? = nil
}
