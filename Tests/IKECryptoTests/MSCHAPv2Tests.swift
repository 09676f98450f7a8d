import Testing
import TestSupport
@testable import IKECrypto

/// MS-CHAPv2 against the worked example of RFC 2759 §9.2 (user "User",
/// password "clientPass"). Cross-checked with an independent Python
/// implementation on pycryptodome's MD4, SHA-1 and DES.
@Suite struct MSCHAPv2Tests {
    static let userName = ascii("User")
    static let password = "clientPass"
    static let authenticatorChallenge = hex("5B5D7C7D7B3F2F3E3C2C602132262628")
    static let peerChallenge = hex("21402324255E262A28295F2B3A337C7E")
    static let challenge = hex("D02E4386BCE91226")
    static let passwordHash = hex("44EBBA8D5312B8D611474411F56989AE")
    static let ntResponse = hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
    static let passwordHashHash = hex("41C00C584BD2D91C4017A2A12FA59F3F")
    static let authenticatorResponse = "S=407A5589115FD0D6209F510FE9C04566932CDA56"

    @Test func ntPasswordHash() throws {
        #expect(try MSCHAPv2.ntPasswordHash(password: Self.password).bytes == Self.passwordHash)
        // An empty password is allowed (RFC 2759 §8.1: 0 to 256 characters);
        // its hash is MD4 of nothing (RFC 1320 Appendix A.5).
        #expect(try MSCHAPv2.ntPasswordHash(password: "").bytes == hex("31d6cfe0d16ae931b73c59d7e0c089c0"))
    }

    @Test func md4MatchesRFC1320TestSuite() {
        // RFC 1320 Appendix A.5 test suite.
        #expect(MSCHAPv2.md4(ascii("abc")) == hex("a448017aaf21d8525fc10ae87aa6729d"))
        #expect(MSCHAPv2.md4(ascii("message digest")) == hex("d9130a8164549fe818874806e1c7014b"))
        #expect(MSCHAPv2.md4(ascii("abcdefghijklmnopqrstuvwxyz")) == hex("d79e1c308aa5bbcdeea8ed63df412da9"))
    }

    @Test func hashNtPasswordHash() throws {
        #expect(try MSCHAPv2.hashNtPasswordHash(SecretBytes(Self.passwordHash)).bytes == Self.passwordHashHash)
    }

    @Test func challengeHash() throws {
        #expect(try MSCHAPv2.challengeHash(peerChallenge: Self.peerChallenge, authenticatorChallenge: Self.authenticatorChallenge,
                                           userName: Self.userName) == Self.challenge)
    }

    @Test func challengeResponseAndNTResponse() throws {
        #expect(try MSCHAPv2.challengeResponse(challenge: Self.challenge, passwordHash: SecretBytes(Self.passwordHash)) == Self.ntResponse)
        #expect(try MSCHAPv2.generateNTResponse(authenticatorChallenge: Self.authenticatorChallenge, peerChallenge: Self.peerChallenge,
                                                userName: Self.userName, passwordHash: SecretBytes(Self.passwordHash)) == Self.ntResponse)
    }

    @Test func authenticatorResponse() throws {
        let response = try MSCHAPv2.generateAuthenticatorResponse(
            passwordHash: SecretBytes(Self.passwordHash), ntResponse: Self.ntResponse,
            peerChallenge: Self.peerChallenge, authenticatorChallenge: Self.authenticatorChallenge, userName: Self.userName)
        #expect(response == hex("407A5589115FD0D6209F510FE9C04566932CDA56"))
        #expect(try MSCHAPv2.authenticatorResponseString(response) == Self.authenticatorResponse)
    }

    @Test func serverVerifiesPeerResponse() throws {
        let hash = try MSCHAPv2.ntPasswordHash(password: Self.password)
        try MSCHAPv2.verifyNTResponse(Self.ntResponse, authenticatorChallenge: Self.authenticatorChallenge,
                                      peerChallenge: Self.peerChallenge, userName: Self.userName, passwordHash: hash)
        var wrong = Self.ntResponse
        wrong[23] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try MSCHAPv2.verifyNTResponse(wrong, authenticatorChallenge: Self.authenticatorChallenge,
                                          peerChallenge: Self.peerChallenge, userName: Self.userName, passwordHash: hash)
        }
        let otherHash = try MSCHAPv2.ntPasswordHash(password: "clientPasS")
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try MSCHAPv2.verifyNTResponse(Self.ntResponse, authenticatorChallenge: Self.authenticatorChallenge,
                                          peerChallenge: Self.peerChallenge, userName: Self.userName, passwordHash: otherHash)
        }
        #expect(throws: CryptoError(.authenticationFailed, "")) {
            try MSCHAPv2.verifyNTResponse(Array(Self.ntResponse.dropLast()), authenticatorChallenge: Self.authenticatorChallenge,
                                          peerChallenge: Self.peerChallenge, userName: Self.userName, passwordHash: hash)
        }
    }

    @Test func domainPrefixIsStripped() throws {
        #expect(MSCHAPv2.userNameWithoutDomain("EXAMPLE\\User") == "User")
        #expect(MSCHAPv2.userNameWithoutDomain("User") == "User")
        #expect(MSCHAPv2.userNameWithoutDomain("A\\B\\User") == "B\\User")
        #expect(MSCHAPv2.userNameWithoutDomain(ascii("EXAMPLE\\User")) == Self.userName)
        // With the prefix stripped, RFC 2759 §9.2's challenge results.
        #expect(try MSCHAPv2.challengeHash(peerChallenge: Self.peerChallenge, authenticatorChallenge: Self.authenticatorChallenge,
                                           userName: MSCHAPv2.userNameWithoutDomain(ascii("EXAMPLE\\User"))) == Self.challenge)
    }

    @Test func passwordLengthLimit() throws {
        #expect(try MSCHAPv2.ntPasswordHash(password: String(repeating: "a", count: 256)).count == 16)
        #expect(throws: CryptoError(.invalidLength, "")) { try MSCHAPv2.ntPasswordHash(password: String(repeating: "a", count: 257)) }
    }

    @Test func malformedInputsAreRejected() throws {
        #expect(throws: CryptoError(.invalidLength, "")) {
            try MSCHAPv2.challengeHash(peerChallenge: Array(Self.peerChallenge.dropLast()), authenticatorChallenge: Self.authenticatorChallenge,
                                       userName: Self.userName)
        }
        #expect(throws: CryptoError(.invalidLength, "")) {
            try MSCHAPv2.challengeResponse(challenge: Self.challenge, passwordHash: SecretBytes([UInt8](repeating: 0, count: 15)))
        }
        #expect(throws: CryptoError(.invalidLength, "")) { try MSCHAPv2.authenticatorResponseString([UInt8](repeating: 0, count: 19)) }
    }

    @Test func secretsAreRedacted() throws {
        let hash = try MSCHAPv2.ntPasswordHash(password: Self.password)
        #expect(!String(describing: hash).lowercased().contains("44ebba"))
        #expect(String(describing: hash).contains("redacted"))
    }
}
