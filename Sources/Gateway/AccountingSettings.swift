import IKEWire
import RADIUSClient

/// RADIUS accounting (`accounting`, RFC 2866): where records go, how often
/// interim updates are sent, and the spool that keeps them until the
/// server acknowledges them. Independent of where users authenticate.
struct AccountingSettings: Sendable, Equatable {
    var servers: [RADIUSServer]
    var transport: RADIUSTransportSettings
    /// Interim-Update cadence; the server's Acct-Interim-Interval wins.
    /// Nil: only when the server asks.
    var interimInterval: Duration?
    /// The SQLite spool (RFC 2866 §2 leaves loss to the NAS; we keep every
    /// record until its Accounting-Response).
    var spool: String
    /// NAS-Identifier and NAS address; by default those of `authentication.radius`.
    var nasIdentifier: String
    var nasAddress: IPAddress?
}
