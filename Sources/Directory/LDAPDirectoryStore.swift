import Credentials
import EAP
import IKECrypto
import Logging

/// The directory as a credential store: the service account finds the
/// user's entry, the proof is checked, then the entry authorises.
///
/// - **MS-CHAPv2** against the NT hash the service account reads
///   (`sambaNTPassword` by default: OpenLDAP with the Samba schema), or,
///   with an ``MSCHAPv2PassThrough``, by a domain controller
///   (`ntlm_auth`), since Active Directory never reveals hashes.
/// - **A password** (EAP-GTC) by a simple bind as the user's DN on a
///   connection of its own, which works against Active Directory too. An
///   empty password is refused before any bind (RFC 4513 §5.1.2: some
///   servers take it as an anonymous bind that succeeds). At most
///   `poolSize` such binds run at once; more wait their turn.
/// - **Authorisation**, after the proof holds: the account state (AD
///   `userAccountControl`, the lockout in `msDS-User-Account-Control-
///   Computed`, `msNPAllowDialin`), the required group, `msRADIUSFramed-
///   IPAddress` as the static address, and the first mapped group's pool
///   and policy.
///
/// Answers, as ``CredentialChain`` expects them: `.refused` for anything a
/// reachable directory says no to (logged with the reason; the client only
/// learns "authentication failed"); `.unavailable` when the server cannot
/// be reached, the one answer a chain falls back on; `.failed` for a
/// reached server that cannot answer safely (a TLS certificate that does
/// not verify, the service account refused, an ambiguous name, a malformed
/// hash). Neither passwords nor hashes are ever logged.
public final class LDAPDirectoryStore: CredentialStore {
    public let configuration: LDAPDirectoryConfiguration
    /// Where MS-CHAPv2 is checked when the directory does not reveal NT
    /// hashes; nil: against the hash attribute.
    public let passThrough: (any MSCHAPv2PassThrough)?
    private let pool: LDAPConnectionPool
    /// Bounds the users' own bind connections (GTC), as `pool` bounds the
    /// service account's.
    private let bindSlots: AsyncSlots
    private let logger: Logger

    public init(configuration: LDAPDirectoryConfiguration, passThrough: (any MSCHAPv2PassThrough)? = nil, logger: Logger) {
        self.configuration = configuration
        self.passThrough = passThrough
        self.logger = logger
        pool = LDAPConnectionPool(settings: configuration.connection, bindDN: configuration.bindDN,
                                  bindPassword: configuration.bindPassword, size: configuration.poolSize)
        bindSlots = AsyncSlots(configuration.poolSize)
    }

    /// Idle service-account connections (for tests and status).
    public var idleConnections: Int { pool.idleCount }

    /// The user's entry as the service account saw it.
    private struct Candidate: Sendable {
        let distinguishedName: String
        let hash: SecretBytes?
        let account: DirectoryAccount
        /// Why the groups refuse the user, if they do.
        let groupRefusal: CredentialRefusal?
        let mapping: GroupMapping?
    }

    /// What the search found: the entry, or a verdict reached before the
    /// proof is checked (no such user, an ambiguous name).
    private enum Found: Sendable {
        case candidate(Candidate)
        case verdict(CredentialVerdict)
    }

    public func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict {
        guard !userName.isEmpty else { return refuse(userName, .unknownUser, "empty user name") }
        if case .password(let password) = proof, password.count == 0 {
            return refuse(userName, .emptyPassword, "refused before any bind")
        }
        let candidate: Candidate
        switch await find(userName) {
        case .candidate(let found): candidate = found
        case .verdict(let verdict): return verdict
        }
        let barred = candidate.account.refusal ?? candidate.groupRefusal
        let key: SecretBytes?
        let verdict = await check(proof, of: userName, candidate)
        switch verdict {
        case .accepted(_, let passwordHashHash):
            key = passwordHashHash
        case .refused(let refusal):
            return refuse(userName, refusal, "as \(candidate.distinguishedName)")
        case .unavailable(let reason), .failed(let reason):
            // The directory has answered for a user it bars: no fallback,
            // even though the password could not be checked.
            guard let barred else { return verdict }
            return refuse(userName, barred, "password not checked (\(reason)); \(candidate.distinguishedName)")
        }
        if let barred {
            return refuse(userName, barred, "password correct; \(candidate.distinguishedName)")
        }
        var authorization = Authorization(userName: userName, staticAddress: candidate.account.framedAddress)
        authorization.pool = candidate.mapping?.pool
        authorization.policy = candidate.mapping?.policy
        logger.info("directory accepts user", metadata: [
            "user": "\(userName)", "dn": "\(candidate.distinguishedName)",
            "group": "\(candidate.mapping?.membership.groupDN ?? "-")",
            "address": "\(candidate.account.framedAddress.map { "\($0)" } ?? "pool")",
        ])
        return .accepted(authorization, passwordHashHash: key)
    }

    // MARK: - The entry

    private func find(_ userName: String) async -> Found {
        do throws(LDAPError) {
            return try await pool.withConnection { connection throws(LDAPError) in
                try await self.find(userName, on: connection)
            }
        } catch {
            return .verdict(unanswered(userName, error))
        }
    }

    private func find(_ userName: String, on connection: LDAPConnection) async throws(LDAPError) -> Found {
        let filter = configuration.userFilter.filter(for: userName)
        var attributes = DirectoryAccount.attributes
        if passThrough == nil { attributes.append(configuration.hashAttribute) }
        let entries: [LDAPEntry]
        do throws(LDAPError) {
            // A size limit of 2 is enough to see that a name is ambiguous.
            entries = try await connection.search(base: configuration.baseDN, scope: .subtree, filter: filter,
                                                  attributes: attributes, sizeLimit: 2)
        } catch where error.code == LDAPResultCode.noSuchObject {
            return .verdict(refuse(userName, .unknownUser, "the base DN \(configuration.baseDN) does not exist"))
        }
        guard let entry = entries.first else {
            return .verdict(refuse(userName, .unknownUser, "no entry matches \(filter) under \(configuration.baseDN)"))
        }
        guard entries.count == 1 else {
            return .verdict(fail(userName, "more than one entry matches \(filter); refusing an ambiguous name"))
        }
        let dn = entry.distinguishedName
        let account: DirectoryAccount
        do {
            account = try DirectoryAccount(entry: entry)
        } catch {
            return .verdict(fail(userName, "\(dn): \(error)"))
        }
        var hash: SecretBytes?
        if passThrough == nil {
            let values = entry.values(configuration.hashAttribute)
            if values.count > 1 || (values.count == 1 && NTHashValue.parse(values[0]) == nil) {
                return .verdict(fail(userName, "\(dn): \(configuration.hashAttribute) is not one NT hash of 32 hex digits"))
            }
            hash = values.first.flatMap(NTHashValue.parse)
        }
        var groupRefusal: CredentialRefusal?
        if let group = configuration.requiredGroup, try await !isMember(dn, userName, of: group, on: connection) {
            groupRefusal = .notInGroup(group.groupDN)
        }
        var mapping: GroupMapping?
        for candidate in configuration.groups where try await isMember(dn, userName, of: candidate.membership, on: connection) {
            mapping = candidate
            break
        }
        return .candidate(Candidate(distinguishedName: dn, hash: hash, account: account, groupRefusal: groupRefusal, mapping: mapping))
    }

    /// A base-scope search the server evaluates with the attribute's own
    /// matching rule; a group that does not exist has no members.
    private func isMember(_ dn: String, _ userName: String, of group: GroupRequirement,
                          on connection: LDAPConnection) async throws(LDAPError) -> Bool {
        let (base, filter) = group.membershipSearch(userDN: dn, userName: userName)
        do throws(LDAPError) {
            return try await !connection.search(base: base, scope: .base, filter: filter, attributes: []).isEmpty
        } catch where error.code == LDAPResultCode.noSuchObject {
            logger.warning("directory group does not exist", metadata: ["group": "\(group.groupDN)"])
            return false
        }
    }

    // MARK: - The proof

    private func check(_ proof: CredentialProof, of userName: String, _ candidate: Candidate) async -> CredentialVerdict {
        let unchecked = Authorization(userName: userName)
        switch proof {
        case .mschapv2(let response):
            if let passThrough { return await passThrough.verify(userName, response) }
            guard let hash = candidate.hash else {
                return .refused(.denied("no \(configuration.hashAttribute) the service account may read"))
            }
            return proof.verdict(against: hash, authorization: unchecked)
        case .password(let password):
            return await bind(as: candidate.distinguishedName, password, userName)
        }
    }

    /// A simple bind as the user on a connection of its own (the pooled
    /// ones stay bound as the service account).
    private func bind(as dn: String, _ password: SecretBytes, _ userName: String) async -> CredentialVerdict {
        await bindSlots.acquire()
        defer { bindSlots.release() }
        do throws(LDAPError) {
            let connection = try await LDAPConnection.open(configuration.connection)
            try await connection.bind(dn: dn, password: password)
            return .accepted(Authorization(userName: userName), passwordHashHash: nil)
        } catch where error.kind == .invalidCredentials {
            return .refused(DirectoryBindRefusal.refusal(diagnostic: error.message))
        } catch {
            return unanswered(userName, error)
        }
    }

    // MARK: - Verdicts and logs

    private func unanswered(_ userName: String, _ error: LDAPError) -> CredentialVerdict {
        let reason = "\(configuration.connection.uri): \(error)"
        if error.allowsFallback {
            logger.warning("directory unreachable", metadata: ["user": "\(userName)", "reason": "\(reason)"])
            return .unavailable(reason: reason)
        }
        return fail(userName, reason)
    }

    private func refuse(_ userName: String, _ refusal: CredentialRefusal, _ detail: String) -> CredentialVerdict {
        logger.notice("directory refuses user: \(refusal)", metadata: ["user": "\(userName)", "detail": "\(detail)"])
        return .refused(refusal)
    }

    private func fail(_ userName: String, _ reason: String) -> CredentialVerdict {
        logger.error("directory could not answer safely", metadata: ["user": "\(userName)", "reason": "\(reason)"])
        return .failed(reason: reason)
    }
}
