import ConfigFile
import EAP
import IKECrypto
import IKEWire

/// The local secrets file: per-user plaintext passwords or NT hashes (the
/// "local MD4 path"), and optionally a fixed virtual address.
///
///     users:
///       alice:
///         password: "correct horse battery staple"
///       bob:
///         nt-hash: 8846F7EAEE8FB117AD06BDD830B7586C
///       carol:
///         password: s3cret
///         address: 198.18.0.50
///
/// Plaintext passwords are hashed with MD4 when the file is read and not
/// kept; only NT hashes stay in memory, wiped when the store goes.
public struct LocalSecrets: CredentialStore {
    private let users: [String: (SecretBytes, Authorization)]

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
        var users: [String: (SecretBytes, Authorization)] = [:]
        var seen: Set<String> = []
        if let root = reader.root {
            root.allowKeys(["users"])
            for (name, entry) in root.required("users")?.entries ?? [] {
                entry.allowKeys(["password", "nt-hash", "address"])
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
                if let hash { users[key] = (hash, Authorization(userName: key, staticAddress: address)) }
            }
        }
        try reader.finish()
        self.users = users
    }

    public func lookUp(_ userName: String) async -> CredentialLookup {
        guard let (hash, authorization) = users[userName] else { return .unknownUser }
        return .found(passwordHash: hash, authorization: authorization)
    }

    private static func ntHash(_ text: String) -> SecretBytes? {
        let digits = Array(text.utf8)
        guard digits.count == 32 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: 32, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return SecretBytes(bytes)
    }
}
