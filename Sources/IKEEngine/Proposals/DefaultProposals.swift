/// The proposals Gatehouse uses when the configuration names none.
///
/// The default profile serves every client out of the box, Windows' built-in
/// client included: Windows 7–11 propose only MODP-1024 with 3DES or AES-CBC
/// and SHA-1/SHA-2 unless reconfigured by registry or PowerShell, and ESP
/// AES-256-CBC or 3DES with HMAC-SHA1-96 without ESN or PFS. Modern suites
/// come first, so capable clients get them. The strict profile drops 3DES,
/// SHA-1 and MODP-1024 and refuses default Windows clients.
public enum DefaultProposals {
    /// IKE proposals of the default profile.
    public static let ike = parseKnownGood([
        "aes256gcm16-aes128gcm16-chacha20poly1305-prfsha384-prfsha256-prfsha512-curve25519-ecp256-ecp384-modp3072-modp2048",
        "aes256-aes128-sha256-sha384-sha512-curve25519-ecp256-ecp384-modp3072-modp2048",
        "aes256-aes192-aes128-3des-sha256-sha384-sha1-modp2048-modp1024",
    ], IKEProposalPolicy.init(parsing:))

    /// IKE proposals of the strict profile.
    public static let strictIKE = parseKnownGood([
        "aes256gcm16-aes128gcm16-chacha20poly1305-prfsha384-prfsha256-prfsha512-curve25519-ecp256-ecp384-modp3072",
        "aes256-aes128-sha256-sha384-sha512-curve25519-ecp256-ecp384-modp3072",
    ], IKEProposalPolicy.init(parsing:))

    /// ESP proposals of the default profile.
    public static let esp = parseKnownGood([
        "aes256gcm16-aes128gcm16-chacha20poly1305-noesn-esn",
        "aes256-aes128-sha256-sha384-sha512-noesn-esn",
        "aes256-aes128-3des-sha1-noesn",
    ], ESPProposalPolicy.init(parsing:))

    /// ESP proposals of the strict profile.
    public static let strictESP = parseKnownGood([
        "aes256gcm16-aes128gcm16-chacha20poly1305-noesn-esn",
        "aes256-aes128-sha256-sha384-sha512-noesn-esn",
    ], ESPProposalPolicy.init(parsing:))

    /// Parses built-in constants; a failure is a bug in this file, caught by
    /// the tests, not something a configuration can cause.
    private static func parseKnownGood<T>(_ texts: [String], _ parse: (String) throws(ProposalParseError) -> T) -> [T] {
        texts.map { text in
            do {
                return try parse(text)
            } catch {
                preconditionFailure("built-in proposal does not parse: \(error)")
            }
        }
    }
}
