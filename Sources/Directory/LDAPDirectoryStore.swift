import Credentials
import EAP
import IKECrypto
import Logging

/// The directory as a credential store for EAP-MSCHAPv2: the service
/// account finds the user's entry, reads its NT hash (Samba schema's
/// `sambaNTPassword` by default) and, if configured, checks the required
/// group; MSCHAPv2 then runs locally with the hash.
///
/// Answers, as ``CredentialChain`` expects them:
/// - `.found` with the hash and the user's ``Authorization``;
/// - `.unknownUser` for an empty name (refused before any LDAP call), no
///   entry, a base DN that does not exist, no hash on the entry (or none
///   the service account may read), or not in the group; the reason is
///   logged, as the client only learns "authentication failed";
/// - `.unavailable` when the server cannot be reached, the one answer a
///   chain may fall back on;
/// - `.failed` for everything else a reached server does: a TLS
///   certificate that does not verify, the service account's bind
///   refused, more than one entry for the name, a malformed hash.
///
/// Neither passwords nor hashes are ever logged.
public final class LDAPDirectoryStore: CredentialStore {
    public let configuration: LDAPDirectoryConfiguration
    private let pool: LDAPConnectionPool
    private let logger: Logger

    public init(configuration: LDAPDirectoryConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        pool = LDAPConnectionPool(settings: configuration.connection, bindDN: configuration.bindDN,
                                  bindPassword: configuration.bindPassword, size: configuration.poolSize)
    }

    /// Idle service-account connections (for tests and status).
    public var idleConnections: Int { pool.idleCount }

    public func lookUp(_ userName: String) async -> CredentialLookup {
        guard !userName.isEmpty else {
            logger.notice("directory look-up refused: empty user name")
            return .unknownUser
        }
        do throws(LDAPError) {
            return try await pool.withConnection { connection throws(LDAPError) in
                try await self.lookUp(userName, on: connection)
            }
        } catch {
            let reason = "\(configuration.connection.uri): \(error)"
            if error.allowsFallback {
                logger.warning("directory unreachable", metadata: ["user": "\(userName)", "reason": "\(reason)"])
                return .unavailable(reason: reason)
            }
            logger.error("directory look-up failed", metadata: ["user": "\(userName)", "reason": "\(reason)"])
            return .failed(reason: reason)
        }
    }

    private func lookUp(_ userName: String, on connection: LDAPConnection) async throws(LDAPError) -> CredentialLookup {
        let filter = configuration.userFilter.filter(for: userName)
        let entries: [LDAPEntry]
        do throws(LDAPError) {
            // A size limit of 2 is enough to see that a name is ambiguous.
            entries = try await connection.search(base: configuration.baseDN, scope: .subtree, filter: filter,
                                                  attributes: [configuration.hashAttribute], sizeLimit: 2)
        } catch where error.code == LDAPResultCode.noSuchObject {
            refuse(userName, "the base DN \(configuration.baseDN) does not exist")
            return .unknownUser
        }
        guard let entry = entries.first else {
            refuse(userName, "no entry matches \(filter) under \(configuration.baseDN)")
            return .unknownUser
        }
        guard entries.count == 1 else {
            let reason = "more than one entry matches \(filter); refusing an ambiguous name"
            logger.error("directory look-up failed", metadata: ["user": "\(userName)", "reason": "\(reason)"])
            return .failed(reason: reason)
        }
        let values = entry.values(configuration.hashAttribute)
        guard !values.isEmpty else {
            refuse(userName, "\(entry.distinguishedName) has no \(configuration.hashAttribute) the service account may read")
            return .unknownUser
        }
        guard values.count == 1, let hash = NTHashValue.parse(values[0]) else {
            let reason = "\(entry.distinguishedName): \(configuration.hashAttribute) is not one NT hash of 32 hex digits"
            logger.error("directory look-up failed", metadata: ["user": "\(userName)", "reason": "\(reason)"])
            return .failed(reason: reason)
        }
        if let group = configuration.requiredGroup {
            let (base, groupFilter) = group.membershipSearch(userDN: entry.distinguishedName, userName: userName)
            let members: [LDAPEntry]
            do throws(LDAPError) {
                members = try await connection.search(base: base, scope: .base, filter: groupFilter, attributes: [])
            } catch where error.code == LDAPResultCode.noSuchObject {
                refuse(userName, "the required group \(group.groupDN) does not exist")
                return .unknownUser
            }
            guard !members.isEmpty else {
                refuse(userName, "\(entry.distinguishedName) is not in \(group.groupDN)")
                return .unknownUser
            }
        }
        logger.info("directory user found", metadata: ["user": "\(userName)", "dn": "\(entry.distinguishedName)"])
        return .found(passwordHash: hash, authorization: Authorization(userName: userName))
    }

    private func refuse(_ userName: String, _ reason: String) {
        logger.notice("directory refuses user", metadata: ["user": "\(userName)", "reason": "\(reason)"])
    }
}
