import Directory
import FuzzChecks
import IKECrypto
import IKEWire
import Testing
import TestSupport

/// The ntlm-server-1 line protocol: requests as Samba parses them, replies
/// as Samba 4.17's ntlm_auth writes them (the lines below were captured from
/// it in the interop harness's AD lab), malformed replies.
@Suite struct NTLMServerExchangeTests {
    static let challenge: [UInt8] = [0xD0, 0x2E, 0x43, 0x86, 0xBC, 0xE9, 0x12, 0x26]
    static let response: [UInt8] = Array(0..<24)

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func encodesAPlainRequest() throws {
        let request = try NTLMServerExchange.encodeRequest(userName: "alice", domain: "CORP",
                                                           challengeHash: Self.challenge, ntResponse: Self.response)
        #expect(Self.text(request) == """
            Username: alice
            NT-Domain: CORP
            LANMAN-Challenge: d02e4386bce91226
            NT-Response: 000102030405060708090a0b0c0d0e0f1011121314151617
            Request-User-Session-Key: Yes
            .

            """)
    }

    @Test func leavesOutAMissingOrEmptyDomain() throws {
        for domain in [nil, ""] as [String?] {
            let request = try NTLMServerExchange.encodeRequest(userName: "alice", domain: domain,
                                                               challengeHash: Self.challenge, ntResponse: Self.response)
            #expect(!Self.text(request).contains("NT-Domain"))
        }
    }

    @Test func usesBase64ForValuesThePlainFormCannotCarry() throws {
        let request = try NTLMServerExchange.encodeRequest(userName: "jörg", domain: "A:B",
                                                           challengeHash: Self.challenge, ntResponse: Self.response)
        let lines = Self.text(request).split(separator: "\n").map(String.init)
        #expect(lines[0] == "Username:: asO2cmc=")
        #expect(lines[1] == "NT-Domain:: QTpC")
        #expect(Base64.decode(Array("asO2cmc=".utf8)) == Array("jörg".utf8))
        let spaced = try NTLMServerExchange.encodeRequest(userName: " x", domain: nil, challengeHash: Self.challenge, ntResponse: Self.response)
        #expect(Self.text(spaced).hasPrefix("Username:: IHg=\n"))
    }

    @Test(arguments: ["", "al\nice", "alice\r", "a\u{0}b"])
    func refusesUserNamesThatWouldBreakTheProtocol(_ name: String) {
        #expect(throws: NTLMServerExchange.RequestError.invalidUserName) {
            try NTLMServerExchange.encodeRequest(userName: name, domain: nil, challengeHash: Self.challenge, ntResponse: Self.response)
        }
    }

    @Test func refusesBadDomainsAndLengths() {
        #expect(throws: NTLMServerExchange.RequestError.invalidDomain) {
            try NTLMServerExchange.encodeRequest(userName: "a", domain: "CORP\n.", challengeHash: Self.challenge, ntResponse: Self.response)
        }
        #expect(throws: NTLMServerExchange.RequestError.invalidLength) {
            try NTLMServerExchange.encodeRequest(userName: "a", domain: nil, challengeHash: Array(Self.challenge.prefix(7)), ntResponse: Self.response)
        }
        #expect(throws: NTLMServerExchange.RequestError.invalidLength) {
            try NTLMServerExchange.encodeRequest(userName: "a", domain: nil, challengeHash: Self.challenge, ntResponse: Array(Self.response.prefix(23)))
        }
    }

    @Test func decodesSuccess() throws {
        let reply = try NTLMServerExchange.decodeReply(Array("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n".utf8))
        guard case .authenticated(let key) = reply else { Issue.record("not authenticated: \(reply)"); return }
        #expect(key == SecretBytes([0xF5, 0x36, 0xE5, 0x6C, 0x07, 0xA1, 0x35, 0x10, 0xDF, 0xDC, 0x26, 0x72, 0xA9, 0xC8, 0x44, 0xD2]))
    }

    /// Samba 4.17 member ntlm_auth, exactly: the refusal block and then a second ".".
    @Test(arguments: [
        ("The referenced account is currently disabled and cannot be logged on to.", NTStatus.accountDisabled),
        ("When trying to update a password, this return status indicates that the value provided as the current password is not correct.", .wrongPassword),
        ("The specified account does not exist.", .noSuchUser),
        ("The user password must be changed before logging on the first time.", .passwordMustChange),
        ("The user account has been automatically locked because too many invalid logon attempts or password change attempts have been requested.", .accountLockedOut),
        ("The attempted logon is invalid. This is either due to a bad username or authentication information.", .logonFailure),
        ("Reading winbind reply failed!", .unsuccessful),
        ("NT_STATUS_ACCOUNT_EXPIRED", .accountExpired),
        ("Logon failure (0xc000015b)", .logonTypeNotGranted),
    ])
    func decodesRefusals(_ message: String, _ status: NTStatus) throws {
        for tail in [".\n", ".\n.\n"] {
            let reply = try NTLMServerExchange.decodeReply(Array("Authenticated: No\nAuthentication-Error: \(message)\n\(tail)".utf8))
            guard case .notAuthenticated(let decoded, let text) = reply else { Issue.record("\(reply)"); return }
            #expect(decoded == status)
            #expect(text == message)
        }
    }

    @Test func skipsEmptyBlocksBeforeAReply() throws {
        let reply = try NTLMServerExchange.decodeReply(Array(".\nAuthenticated: No\nAuthentication-Error: something new\n.\n".utf8))
        guard case .notAuthenticated(nil, "something new") = reply else { Issue.record("\(reply)"); return }
    }

    @Test func decodesHelperErrors() throws {
        let error = try NTLMServerExchange.decodeReply(Array("Error: No password supplied!\n.\n".utf8))
        guard case .helperError("No password supplied!") = error else { Issue.record("\(error)"); return }
        let bh = try NTLMServerExchange.decodeReply(Array("BH out of memory\n.\n".utf8))
        guard case .helperError("out of memory") = bh else { Issue.record("\(bh)"); return }
    }

    @Test(arguments: [
        ("", NTLMServerExchangeError.emptyReply),
        (".\n", .emptyReply),
        ("Authenticated: Yes\n", .unterminated),
        ("Authenticated: Yes\nUser-Session-Key: F536", .unterminated),
        ("Authenticated: Yes\n.\n", .missingField("User-Session-Key")),
        ("Authenticated: Yes\nUser-Session-Key: F536E56C\n.\n", .malformedSessionKey),
        ("Authenticated: Yes\nUser-Session-Key: G536E56C07A13510DFDC2672A9C844D2\n.\n", .malformedSessionKey),
        ("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n", .duplicateField("User-Session-Key")),
        ("Authenticated: Maybe\n.\n", .malformedAuthenticated),
        ("Authenticated: No\n.\n", .missingField("Authentication-Error")),
        ("Authenticated: No\nAuthentication-Error: x\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\n", .unexpectedField("User-Session-Key")),
        ("User-Session-Key: F536E56C07A13510DFDC2672A9C844D2\nAuthenticated: Yes\n.\n", .missingField("Authenticated")),
        ("hello\n.\n", .malformedLine),
        ("Authenticated:Yes\n.\n", .malformedLine),
        ("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\nmore", .trailingData),
        ("Authenticated: Yes\nUser-Session-Key: F536E56C07A13510DFDC2672A9C844D2\n.\nAuthenticated: No\n.\n", .trailingData),
    ] as [(String, NTLMServerExchangeError)])
    func refusesMalformedReplies(_ text: String, _ expected: NTLMServerExchangeError) {
        #expect(throws: expected) { try NTLMServerExchange.decodeReply(Array(text.utf8)) }
    }

    @Test func refusesInvalidUTF8AndHugeReplies() {
        #expect(throws: NTLMServerExchangeError.notUTF8) {
            try NTLMServerExchange.decodeReply(Array("Authenticated: No\nAuthentication-Error: ".utf8) + [0xFF, 0x0A] + Array(".\n".utf8))
        }
        #expect(throws: NTLMServerExchangeError.lineTooLong) {
            try NTLMServerExchange.decodeReply(Array(String(repeating: "A", count: 5000).utf8) + [0x0A])
        }
        #expect(throws: NTLMServerExchangeError.tooManyLines) {
            try NTLMServerExchange.decodeReply(Array((String(repeating: "X-Field: 1\n", count: 20) + ".\n").utf8))
        }
    }

    @Test func statusNamesAndHex() {
        #expect(NTStatus.accountLockedOut.name == "NT_STATUS_ACCOUNT_LOCKED_OUT")
        #expect(NTStatus.accountLockedOut.hex == "0xC0000234")
        #expect(NTStatus(code: 0xC0001234).name == "0xC0001234")
        #expect(NTStatus(code: 0x1).hex == "0x00000001")
        #expect(NTStatus.accountDisabled.description == "NT_STATUS_ACCOUNT_DISABLED (0xC0000072): account disabled")
        #expect(NTStatus.logonFailure.meaning.contains("wrong password or unknown user"))
        #expect(NTStatus.noLogonServers.isOutage && !NTStatus.unsuccessful.isOutage)
        #expect(!NTStatus.logonFailure.isOutage && !NTStatus.accountLockedOut.isOutage)
        for (code, name) in [(0xC000006E, "NT_STATUS_ACCOUNT_RESTRICTION"), (0xC000006F, "NT_STATUS_INVALID_LOGON_HOURS"),
                             (0xC0000070, "NT_STATUS_INVALID_WORKSTATION"), (0xC000015B, "NT_STATUS_LOGON_TYPE_NOT_GRANTED"),
                             (0xC0000071, "NT_STATUS_PASSWORD_EXPIRED"), (0xC0000193, "NT_STATUS_ACCOUNT_EXPIRED"),
                             (0xC0000224, "NT_STATUS_PASSWORD_MUST_CHANGE")] as [(UInt32, String)] {
            #expect(NTStatus(code: code).name == name)
        }
        #expect(NTStatus(sambaMessage: "no idea") == nil)
    }

    @Test func fuzzSeedsAndSavedInputsPass() throws {
        for (_, bytes) in try FuzzCorpus.files(in: "Fuzz/corpus/ntlm-reply") { NTLMReplyFuzzCheck.run(bytes) }
        for (_, bytes) in (try? FuzzCorpus.files(in: "Fuzz/regressions/ntlm-reply")) ?? [] { NTLMReplyFuzzCheck.run(bytes) }
        // a few hand-made mutations of each mode
        NTLMReplyFuzzCheck.run([1] + Array("a\u{0}".utf8))
        NTLMReplyFuzzCheck.run([1] + Array("\u{0}CORP".utf8))
        NTLMReplyFuzzCheck.run([1] + Array("x:: y\u{0}: z".utf8))
        NTLMReplyFuzzCheck.run([0] + Array(".\n.\n.\n".utf8))
    }
}

