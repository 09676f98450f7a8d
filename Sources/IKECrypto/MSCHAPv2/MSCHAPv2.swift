import COpenSSL

/// The MS-CHAPv2 computations of RFC 2759 §8 for EAP-MSCHAPv2 in IKEv2
/// (RFC 7296 §2.16), and the RFC 3079 key derivation that turns a successful
/// authentication into the EAP MSK.
///
/// MS-CHAPv2 rests on MD4 and single DES and is only as strong as the user's
/// password; it is offered because Windows and mobile clients use it.
/// Password hashes and derived keys are returned as ``SecretBytes``.
public enum MSCHAPv2 {
    /// The length of the authenticator and peer challenges (RFC 2759 §4).
    public static let challengeSize = 16
    /// The length of an NT-Response (RFC 2759 §8.1).
    public static let ntResponseSize = 24
    /// The length of an authenticator response (RFC 2759 §8.7).
    public static let authenticatorResponseSize = 20
    /// The longest password RFC 2759 §8.1 admits, in UTF-16 code units.
    public static let maximumPasswordLength = 256

    /// NtPasswordHash (RFC 2759 §8.3): MD4 over the password in UTF-16LE.
    ///
    /// The UTF-16 copy is wiped after hashing, but a Swift `String` cannot be
    /// wiped: store NT hashes rather than passwords where possible.
    ///
    /// - Throws: `.invalidLength` for passwords of more than 256 UTF-16 code
    ///   units ("0 to 256 unicode characters", RFC 2759 §8.1).
    public static func ntPasswordHash(password: String) throws -> SecretBytes {
        let units = password.utf16.count
        guard units <= maximumPasswordLength else {
            throw CryptoError(.invalidLength, "password has \(units) UTF-16 code units; MS-CHAPv2 allows at most \(maximumPasswordLength)")
        }
        var encoded = [UInt8]()
        encoded.reserveCapacity(units * 2)
        for unit in password.utf16 {
            encoded.append(UInt8(truncatingIfNeeded: unit))
            encoded.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        defer { encoded.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return SecretBytes(md4(encoded))
    }

    /// HashNtPasswordHash (RFC 2759 §8.4): MD4 over the 16-byte password hash.
    public static func hashNtPasswordHash(_ passwordHash: SecretBytes) throws -> SecretBytes {
        try requireLength(passwordHash.count, 16, "password hash")
        return passwordHash.withUnsafeBytes { SecretBytes(md4($0)) }
    }

    /// The user name as ChallengeHash expects it: without a leading
    /// `DOMAIN\` (RFC 2759 §8.2: "excluding any prepended domain name").
    /// Everything up to and including the first backslash is dropped.
    public static func userNameWithoutDomain(_ userName: [UInt8]) -> [UInt8] {
        guard let backslash = userName.firstIndex(of: UInt8(ascii: "\\")) else { return userName }
        return Array(userName[(backslash + 1)...])
    }

    /// The user name without a leading `DOMAIN\`, for names held as text.
    public static func userNameWithoutDomain(_ userName: String) -> String {
        guard let backslash = userName.firstIndex(of: "\\") else { return userName }
        return String(userName[userName.index(after: backslash)...])
    }

    /// ChallengeHash (RFC 2759 §8.2): the first 8 bytes of
    /// SHA-1(PeerChallenge ‖ AuthenticatorChallenge ‖ UserName).
    ///
    /// `userName` is used as given; strip a domain prefix first with
    /// ``userNameWithoutDomain(_:)-([UInt8])``.
    public static func challengeHash(peerChallenge: [UInt8], authenticatorChallenge: [UInt8], userName: [UInt8]) throws -> [UInt8] {
        try requireLength(peerChallenge.count, challengeSize, "peer challenge")
        try requireLength(authenticatorChallenge.count, challengeSize, "authenticator challenge")
        let digest = try Digest.hash(.sha1, concatenating: [peerChallenge, authenticatorChallenge, userName])
        return Array(digest[0..<8])
    }

    /// ChallengeResponse (RFC 2759 §8.5): the 8-byte challenge DES-encrypted
    /// under the three 7-byte thirds of the zero-padded 21-byte password hash.
    public static func challengeResponse(challenge: [UInt8], passwordHash: SecretBytes) throws -> [UInt8] {
        try requireLength(challenge.count, 8, "challenge")
        try requireLength(passwordHash.count, 16, "password hash")
        var response = [UInt8](repeating: 0, count: ntResponseSize)
        var paddedHash = [UInt8](repeating: 0, count: 21)
        defer { paddedHash.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        passwordHash.withUnsafeBytes { hash in
            paddedHash.withUnsafeMutableBytes { $0.copyMemory(from: hash) }
        }
        for third in 0..<3 {
            let block = paddedHash.withUnsafeBytes { padded in
                desEncrypt(challenge, key7: UnsafeRawBufferPointer(rebasing: padded[(third * 7)..<(third * 7 + 7)]))
            }
            response.replaceSubrange((third * 8)..<(third * 8 + 8), with: block)
        }
        return response
    }

    /// GenerateNTResponse (RFC 2759 §8.1): the peer's 24-byte NT-Response.
    public static func generateNTResponse(
        authenticatorChallenge: [UInt8],
        peerChallenge: [UInt8],
        userName: [UInt8],
        passwordHash: SecretBytes
    ) throws -> [UInt8] {
        let challenge = try challengeHash(peerChallenge: peerChallenge, authenticatorChallenge: authenticatorChallenge, userName: userName)
        return try challengeResponse(challenge: challenge, passwordHash: passwordHash)
    }

    /// Checks a peer's NT-Response on the authenticator side, comparing in
    /// constant time.
    ///
    /// - Throws: `.authenticationFailed` if it does not match (including a
    ///   response of the wrong length).
    public static func verifyNTResponse(
        _ ntResponse: [UInt8],
        authenticatorChallenge: [UInt8],
        peerChallenge: [UInt8],
        userName: [UInt8],
        passwordHash: SecretBytes
    ) throws {
        let expected = try generateNTResponse(
            authenticatorChallenge: authenticatorChallenge,
            peerChallenge: peerChallenge,
            userName: userName,
            passwordHash: passwordHash
        )
        guard constantTimeEquals(expected, ntResponse) else {
            throw CryptoError(.authenticationFailed, "MS-CHAPv2 NT-Response mismatch")
        }
    }

    /// GenerateAuthenticatorResponse (RFC 2759 §8.7): the 20 bytes the
    /// authenticator returns to prove it knows the password hash. Format them
    /// for the Success packet with ``authenticatorResponseString(_:)``.
    public static func generateAuthenticatorResponse(
        passwordHash: SecretBytes,
        ntResponse: [UInt8],
        peerChallenge: [UInt8],
        authenticatorChallenge: [UInt8],
        userName: [UInt8]
    ) throws -> [UInt8] {
        try generateAuthenticatorResponse(passwordHashHash: hashNtPasswordHash(passwordHash), ntResponse: ntResponse,
                                          peerChallenge: peerChallenge, authenticatorChallenge: authenticatorChallenge, userName: userName)
    }

    /// GenerateAuthenticatorResponse from PasswordHashHash, which is all a
    /// domain controller returns (`ntlm_auth`'s NT key).
    public static func generateAuthenticatorResponse(
        passwordHashHash: SecretBytes,
        ntResponse: [UInt8],
        peerChallenge: [UInt8],
        authenticatorChallenge: [UInt8],
        userName: [UInt8]
    ) throws -> [UInt8] {
        try requireLength(passwordHashHash.count, 16, "password hash hash")
        try requireLength(ntResponse.count, ntResponseSize, "NT-Response")
        let digest = try Digest.hash(.sha1, concatenating: [passwordHashHash, ntResponse, authenticatorMagic1])
        let challenge = try challengeHash(peerChallenge: peerChallenge, authenticatorChallenge: authenticatorChallenge, userName: userName)
        return try Digest.hash(.sha1, concatenating: [digest, challenge, authenticatorMagic2])
    }

    /// The Success packet form of an authenticator response (RFC 2759 §5):
    /// `"S="` followed by 40 uppercase hexadecimal digits.
    public static func authenticatorResponseString(_ response: [UInt8]) throws -> String {
        try requireLength(response.count, authenticatorResponseSize, "authenticator response")
        let digits = Array("0123456789ABCDEF".utf8)
        var text = Array("S=".utf8)
        for byte in response {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// "Magic server to client signing constant" (RFC 2759 §8.7).
    static let authenticatorMagic1 = Array("Magic server to client signing constant".utf8)
    /// "Pad to make it do more than one iteration" (RFC 2759 §8.7).
    static let authenticatorMagic2 = Array("Pad to make it do more than one iteration".utf8)

    static func requireLength(_ count: Int, _ expected: Int, _ what: String) throws {
        guard count == expected else {
            throw CryptoError(.invalidLength, "\(what) has \(count) bytes, expected \(expected)")
        }
    }

    /// MD4 via OpenSSL's low-level function: MD4 through EVP needs the legacy
    /// provider, which the gateway does not load.
    static func md4(_ bytes: some ContiguousByteInput) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)
        bytes.withContiguousByteInput { input in
            digest.withUnsafeMutableBufferPointer { output in
                var emptyInput: UInt8 = 0
                withUnsafePointer(to: &emptyInput) { empty in
                    _ = MD4(input.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? empty, input.count, output.baseAddress)
                }
            }
        }
        return digest
    }
}
