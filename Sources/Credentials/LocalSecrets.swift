import ConfigFile
import EAP
import IKECrypto
import IKEWire

/// The local secrets file: per-user plaintext passwords or NT hashes (the
/// "local MD4 path"), and each user's own authorisation: whether the entry
/// may log in, a named pool or a fixed virtual address. The file is also the
/// fallback when the directory is unreachable, so its entries carry their
/// own authorisation: the directory's group and account checks do not
/// apply to them.
///
///     users:
///       alice:
///         password: "correct horse battery staple"
///       bob:
///         nt-hash: 8846F7EAEE8FB117AD06BDD830B7586C
///       carol:
///         password: s3cret
///         address: 198.18.0.50
///       dave:
///         password: hunter2
///         pool: contractors
///       eve:
///         nt-hash: 0CB6948805F797BF2A82807973B89537
///         allowed: false
///
/// Plaintext passwords are hashed with MD4 when the file is read and not
/// kept; only NT hashes stay in memory, wiped when the store goes.
public struct LocalSecrets: CredentialStore {
    private let users: [String: (SecretBytes, Authorization?)]

    /// Users in the file.
    public var count: Int { users.count }

    /// No users: a gateway that serves certificate clients alone.
    public init() {
        users = [:]
    }

    /// Reads a secrets file.
    ///
    /// - Throws: ``ConfigurationErrors`` naming every bad entry with its line.
    public init(file: String, text: String, normalizer: UserNameNormalizer = UserNameNormalizer()) throws(ConfigurationErrors) {
        let reader = ConfigReader(file: file, text: text)
        var users: [String: (SecretBytes, Authorization?)] = [:]
        var seen: Set<String> = []
        if let root = reader.root {
            root.allowKeys(["users"])
            for (name, entry) in root.required("users")?.entries ?? [] {
                entry.allowKeys(["password", "nt-hash", "address", "pool", "allowed"])
                let key = normalizer.normalize(name)
                guard seen.insert(key).inserted else {
                    entry.fail("user '\(name)' is listed twice (names are compared as '\(key)')")
                    continue
                }
                let hash: SecretBytes?
                switch (entry["password"], entry["nt-hash"]) {
                case (let password?, nil):
                    hash = password.string.flatMap { try? MSCHAPv2.ntPasswordHash(password: $0) }
                    if hash == nil { password.fail("password must be at most 256 characters") }
                case (nil, let ntHash?):
                    hash = ntHash.parsed("32 hexadecimal digits (an NT hash)", Self.ntHash)
                case (.some, .some):
                    entry.fail("give either password or nt-hash, not both")
                    hash = nil
                case (nil, nil):
                    entry.fail("missing password or nt-hash")
                    hash = nil
                }
                let address = entry["address"]?.parsed("an IPv4 address", { IPv4Address($0) })
                let pool = entry["pool"]?.string
                let allowed = entry["allowed"]?.boolean ?? true
                if let hash {
                    users[key] = (hash, allowed ? Authorization(userName: key, staticAddress: address, pool: pool) : nil)
                }
            }
        }
        try reader.finish()
        self.users = users
    }

    /// The named pools entries ask for, for the configuration to check.
    public var poolNames: Set<String> { Set(users.values.compactMap { $0.1?.pool }) }

    public func verify(_ userName: String, _ proof: CredentialProof) async -> CredentialVerdict {
        guard let (hash, authorization) = users[userName] else { return .refused(.unknownUser) }
        // The proof first: "not allowed" is only said to whoever knows the password.
        let verdict = proof.verdict(against: hash, authorization: authorization ?? Authorization(userName: userName))
        guard case .accepted = verdict, authorization == nil else { return verdict }
        return .refused(.denied("not allowed in the secrets file"))
    }

    /// 32 hex digits, strictly (`Hex.bytes`: no signs, no spaces).
    private static func ntHash(_ text: String) -> SecretBytes? {
        guard text.utf8.count == 32, let octets = Hex.bytes(text) else { return nil }
        return SecretBytes(octets)
    }
}
