import IKECrypto

/// What the client offers in a benchmarked handshake (strongSwan syntax), and
/// what both sides must have agreed on for the run to count.
struct HandshakeProposal: Sendable {
    let name: String
    let ike: String
    let esp: String
    let group: KeyExchangeGroup
    let childEncryption: EncryptionAlgorithm
    let childIntegrity: IntegrityAlgorithm?

    /// What Windows' built-in client ends up with against the default
    /// profile unless reconfigured: MODP-1024, AES-256-CBC, SHA-1; ESP
    /// AES-256-CBC with HMAC-SHA1-96 and no PFS.
    static let windows = HandshakeProposal(
        name: "Windows default (aes256-sha1-modp1024, ESP aes256-sha1)",
        ike: "aes256-sha1-modp1024", esp: "aes256-sha1-noesn",
        group: .modp1024, childEncryption: .aesCBC(.bits256), childIntegrity: .hmacSHA1_96)

    /// The default profile's first choice for a capable client.
    static let modern = HandshakeProposal(
        name: "modern (aes256gcm16-prfsha384-curve25519, ESP aes256gcm16)",
        ike: "aes256gcm16-prfsha384-curve25519", esp: "aes256gcm16-noesn",
        group: .curve25519, childEncryption: .aesGCM(.bits256, icv: .bytes16), childIntegrity: nil)
}
