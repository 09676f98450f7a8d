import IKEWire
import Testing
import TestSupport
@testable import IKECrypto

/// SK and SKF protection (RFC 7296 §3.14, RFC 5282, RFC 7383).
@Suite struct IKEMessageProtectionTests {
    /// One suite of each cipher and key size; invalid combinations would be
    /// dropped here, so `suiteListIsComplete` checks that none were.
    static let suites: [IKECipherSuite] = [
        (EncryptionAlgorithm.tripleDESCBC, IntegrityAlgorithm?.some(.hmacSHA1_96), PRFAlgorithm.hmacSHA1),
        (.aesCBC(.bits128), .hmacSHA256_128, .hmacSHA256),
        (.aesCBC(.bits192), .hmacSHA384_192, .hmacSHA384),
        (.aesCBC(.bits256), .hmacSHA512_256, .hmacSHA512),
        (.aesGCM(.bits128, icv: .bytes8), nil, .hmacSHA256),
        (.aesGCM(.bits256, icv: .bytes12), nil, .hmacSHA384),
        (.aesGCM(.bits256, icv: .bytes16), nil, .hmacSHA512),
        (.chaCha20Poly1305, nil, .hmacSHA256),
    ].compactMap { try? IKECipherSuite(encryption: $0.0, integrity: $0.1, prf: $0.2) }

    @Test func suiteListIsComplete() {
        #expect(Self.suites.count == 8)
    }

    @Test func integrityMustMatchTheCipherKind() {
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try IKECipherSuite(encryption: .aesCBC(.bits128), integrity: nil, prf: .hmacSHA256)
        }
        #expect(throws: CryptoError(.unsupportedAlgorithm, "")) {
            try IKECipherSuite(encryption: .aesGCM(.bits128, icv: .bytes16), integrity: .hmacSHA256_128, prf: .hmacSHA256)
        }
    }

    static let header = IKEHeader(initiatorSPI: 0x1122_3344_5566_7788, responderSPI: 0x99AA_BBCC_DDEE_FF00,
                                  exchangeType: .ikeAuth, flags: [.response], messageID: 1)

    /// Both ends of one SA, keyed from the same derivation.
    static func pair(_ suite: IKECipherSuite) throws -> (initiator: IKEMessageProtection, responder: IKEMessageProtection) {
        let keys = try IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes(Array(repeating: 7, count: 128)),
                                        initiatorNonce: Array(repeating: 1, count: 32), responderNonce: Array(repeating: 2, count: 32),
                                        initiatorSPI: header.initiatorSPI, responderSPI: header.responderSPI)
        return (try IKEMessageProtection(suite: suite, keys: keys, role: .initiator),
                try IKEMessageProtection(suite: suite, keys: keys, role: .responder))
    }

    @Test(arguments: suites)
    func protectedMessagesOpenOnTheOtherSide(_ suite: IKECipherSuite) throws {
        let (initiator, responder) = try Self.pair(suite)
        let bytes = try responder.protect(header: Self.header, payloads: SamplePayloads.all)
        let received = try ReceivedIKEMessage(decoding: bytes)
        #expect(received.message.header == Self.header)
        #expect(try initiator.unprotect(received) == SamplePayloads.all)
        // The sender's own inbound keys are the other direction's: it cannot open its own message.
        #expect(throws: IKEProtectionError.integrityCheckFailed) { try responder.unprotect(received) }
    }

    @Test(arguments: suites)
    func encryptedLengthIsAlignedAndMinimallyPadded(_ suite: IKECipherSuite) throws {
        let (_, responder) = try Self.pair(suite)
        for count in 0..<40 {
            let payloads: [IKEPayload] = count == 0 ? [] : [.nonce(NoncePayload(data: ArraySlice(repeating: 3, count: count)))]
            let bytes = try responder.protect(header: Self.header, payloads: payloads)
            let last = try ReceivedIKEMessage(decoding: bytes).message.payloads.last
            let encrypted = try #require(last.flatMap { if case .encrypted(let sk) = $0 { sk } else { nil } })
            let contentLength = count == 0 ? 0 : count + 4
            let encryptedLength = encrypted.body.count - suite.encryption.ivSize - (suite.integrity?.icvSize ?? suite.encryption.icvSize)
            if suite.integrity == nil {
                #expect(encryptedLength == contentLength + 1)
            } else {
                let block = suite.encryption.blockSize
                #expect(encryptedLength % block == 0)
                #expect(encryptedLength - (contentLength + 1) < block)
            }
        }
    }

    @Test(arguments: suites)
    func everySingleByteChangeIsDetected(_ suite: IKECipherSuite) throws {
        let (initiator, responder) = try Self.pair(suite)
        let bytes = try responder.protect(header: Self.header, payloads: [.nonce(NoncePayload(data: ArraySlice(repeating: 9, count: 20)))])
        for position in 0..<bytes.count {
            var tampered = bytes
            tampered[position] ^= 0x40
            guard let received = try? ReceivedIKEMessage(decoding: tampered) else { continue }
            #expect(throws: IKEProtectionError.integrityCheckFailed, "byte \(position)") { try initiator.unprotect(received) }
        }
    }

    @Test func aeadIVsNeverRepeat() throws {
        let (_, responder) = try Self.pair(Self.suites[6])
        var ivs = Set<[UInt8]>()
        for _ in 0..<100 {
            let received = try ReceivedIKEMessage(decoding: try responder.protect(header: Self.header, payloads: []))
            let sk = try #require(received.message.payloads.last.flatMap { if case .encrypted(let sk) = $0 { sk } else { nil } })
            ivs.insert(Array(sk.body.prefix(8)))
        }
        #expect(ivs.count == 100)
    }

    /// An established SA keys its contexts for each message and frees them
    /// after: messages still open both ways, fragments too, tampering is
    /// still caught, and the AEAD IV counter goes on where it was, so no IV
    /// repeats under the key however often the contexts are keyed again.
    @Test(arguments: suites)
    func contextsKeyedPerMessageWorkAlike(_ suite: IKECipherSuite) throws {
        let (initiator, responder) = try Self.pair(suite)
        _ = try responder.protect(header: Self.header, payloads: [])
        initiator.keepsContexts = false
        responder.keepsContexts = false
        var ivs = Set<[UInt8]>()
        for round in 0..<20 {
            let bytes = try responder.protect(header: Self.header, payloads: SamplePayloads.all)
            let received = try ReceivedIKEMessage(decoding: bytes)
            #expect(try initiator.unprotect(received) == SamplePayloads.all)
            let sk = try #require(received.message.payloads.last.flatMap { if case .encrypted(let sk) = $0 { sk } else { nil } })
            ivs.insert(Array(sk.body.prefix(suite.encryption.ivSize)))
            var tampered = bytes
            tampered[tampered.count - 1 - round] ^= 0x01
            #expect(throws: IKEProtectionError.integrityCheckFailed) { try initiator.unprotect(try ReceivedIKEMessage(decoding: tampered)) }
            let back = try initiator.protect(header: Self.header, payloads: [.nonce(NoncePayload(data: ArraySlice(repeating: 5, count: 16)))])
            #expect(try responder.unprotect(try ReceivedIKEMessage(decoding: back)).count == 1)
        }
        #expect(ivs.count == 20, "one IV per message, none repeated")
        let fragments = try responder.protectFragments(header: Self.header, payloads: SamplePayloads.all, maximumMessageLength: 300)
        #expect(try fragments.map { try initiator.unprotectFragment(try ReceivedIKEMessage(decoding: $0)).number } == (1...fragments.count).map(UInt16.init))
    }

    @Test func unencryptedPayloadsPrecedeSKAndAreAuthenticated() throws {
        let suite = Self.suites[1]
        let (initiator, responder) = try Self.pair(suite)
        let cookie = IKEPayload.notify(NotifyPayload(type: .cookie, data: [1, 2, 3, 4]))
        let bytes = try responder.protect(header: Self.header, payloads: SamplePayloads.all, unencryptedPayloads: [cookie])
        let received = try ReceivedIKEMessage(decoding: bytes)
        #expect(received.message.payloads.first == cookie)
        #expect(try initiator.unprotect(received) == SamplePayloads.all)
    }

    @Test func plainMessagesAreNotOpened() throws {
        let (initiator, _) = try Self.pair(Self.suites[0])
        let received = try ReceivedIKEMessage(decoding: WindowsFixture.classicRequest())
        #expect(throws: IKEProtectionError.notEncrypted) { try initiator.unprotect(received) }
        #expect(throws: IKEProtectionError.notEncrypted) { try initiator.unprotectFragment(received) }
    }

    // MARK: - Fragments

    @Test(arguments: suites)
    func fragmentsReassembleToTheMessage(_ suite: IKECipherSuite) throws {
        let (initiator, responder) = try Self.pair(suite)
        let limit = 300
        let fragments = try responder.protectFragments(header: Self.header, payloads: SamplePayloads.all, maximumMessageLength: limit)
        #expect(fragments.count > 1)
        var content: [UInt8] = []
        var first = PayloadType.none
        for (index, bytes) in fragments.enumerated() {
            #expect(bytes.count <= limit)
            let fragment = try initiator.unprotectFragment(try ReceivedIKEMessage(decoding: bytes))
            #expect(fragment.number == UInt16(index + 1) && fragment.total == UInt16(fragments.count))
            if index == 0 { first = fragment.firstPayload } else { #expect(fragment.firstPayload == .none) }
            content += fragment.content
        }
        #expect(try PayloadChain.decode(first: first, bytes: content[...]) == SamplePayloads.all)
    }

    @Test func tamperedFragmentIsRejected() throws {
        let (initiator, responder) = try Self.pair(Self.suites[3])
        var fragment = try responder.protectFragments(header: Self.header, payloads: SamplePayloads.all, maximumMessageLength: 576)[1]
        fragment[IKEHeader.length + 7] ^= 0x10  // Total Fragments, covered by the ICV
        #expect(throws: IKEProtectionError.integrityCheckFailed) {
            try initiator.unprotectFragment(try ReceivedIKEMessage(decoding: fragment))
        }
    }

    @Test func messagesTooLargeForOneDatagramMustBeFragmented() throws {
        let (initiator, responder) = try Self.pair(Self.suites[3])
        let certificates = (0..<5).map { _ in
            IKEPayload.certificate(CertificatePayload(encoding: .x509Signature, data: ArraySlice(repeating: 0x30, count: 15_000)))
        }
        #expect(throws: CryptoError(.invalidLength, "")) {
            try responder.protect(header: Self.header, payloads: certificates)
        }
        let fragments = try responder.protectFragments(header: Self.header, payloads: certificates, maximumMessageLength: 1280)
        let content = try fragments.flatMap { try initiator.unprotectFragment(ReceivedIKEMessage(decoding: $0)).content }
        #expect(try PayloadChain.decode(first: .certificate, bytes: content[...]) == certificates)
    }

    @Test func fragmentLimitTooSmallIsAnError() throws {
        let (_, responder) = try Self.pair(Self.suites[3])
        #expect(throws: CryptoError.self) {
            try responder.protectFragments(header: Self.header, payloads: SamplePayloads.all, maximumMessageLength: 60)
        }
    }

    // MARK: - Known answer

    /// RFC 7634 Appendix B: an IKEv2 INFORMATIONAL message protected with
    /// ChaCha20-Poly1305, opened through the full SK path (header parsing,
    /// AAD = header + SK generic header, IV, tag, padding).
    @Test func rfc7634AppendixBMessageOpens() throws {
        let message = [UInt8](hex: """
            c0c1c2c3c4c5c6c7 d0d1d2d3d4d5d6d7 2e202500 00000009 00000045 29000029
            1011121314151617
            610394701f8d017f7c129248896b71bfe25236efd7cdc67066906315b2
            """)
        let key = SecretBytes([UInt8](hex: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3"))
        let unused = SecretBytes(Array(repeating: 0, count: 36))
        let keys = IKESAKeys(d: unused, ai: SecretBytes([]), ar: SecretBytes([]), ei: key, er: unused, pi: unused, pr: unused)
        let suite = try IKECipherSuite(encryption: .chaCha20Poly1305, integrity: nil, prf: .hmacSHA256)
        // The responder opens with SK_ei.
        let protection = try IKEMessageProtection(suite: suite, keys: keys, role: .responder)
        let payloads = try protection.unprotect(try ReceivedIKEMessage(decoding: message))
        #expect(payloads == [.notify(NotifyPayload(type: .setWindowSize, data: [0, 0, 0, 0x0A]))])
    }
}

extension IKECipherSuite: CustomTestStringConvertible {
    public var testDescription: String { description }
}
