import IKEWire

/// Protects and opens the SK and SKF payloads of one IKE SA
/// (RFC 7296 §3.14, RFC 5282 for AEAD, RFC 7383 for fragments).
///
/// Cipher and HMAC contexts are keyed once and kept while messages come
/// quickly (the handshake); with ``keepsContexts`` off they are keyed for
/// each message and freed after it, which keeps an idle SA small. The object
/// holds mutable OpenSSL state and a per-SA AEAD IV counter (which outlives
/// the contexts), so it is not `Sendable`: the SA that owns it is confined
/// to one event loop.
public final class IKEMessageProtection {
    /// The negotiated transforms.
    public let suite: IKECipherSuite
    /// The keys of each direction.
    private let outboundKeys: (encryption: SecretBytes, integrity: SecretBytes)
    private let inboundKeys: (encryption: SecretBytes, integrity: SecretBytes)
    /// The keyed contexts, while kept.
    private var contexts: (outbound: Direction, inbound: Direction)?
    /// AEAD IVs must never repeat under one key (RFC 5282 §3.1); a counter
    /// guarantees that where random 8-octet values only make it likely. It
    /// lives here, not in the contexts, so keying them again never resets it.
    private var nextAEADIV: UInt64 = 1

    /// Whether the keyed contexts stay between messages (the default), or
    /// are keyed for each message and freed after it: an established SA
    /// exchanges a message every few minutes at most, and its contexts
    /// would be most of what it holds.
    public var keepsContexts = true {
        didSet { if !keepsContexts { contexts = nil } }
    }

    /// One direction's cipher and, for non-AEAD suites, its integrity check.
    /// Each direction has keys of its own (RFC 7296 §2.14) and only ever
    /// seals (outbound) or opens (inbound), so its cipher is keyed that one
    /// way.
    private enum Direction {
        case cbc(CBCCipher, Integrity)
        case aead(AEADCipher)

        init(suite: IKECipherSuite, keys: (encryption: SecretBytes, integrity: SecretBytes), outbound: Bool) throws {
            let directions: CipherDirections = outbound ? .encryptOnly : .decryptOnly
            if let integrity = suite.integrity {
                self = .cbc(try CBCCipher(suite.encryption, key: keys.encryption, directions: directions), try Integrity(integrity, key: keys.integrity))
            } else {
                self = .aead(try AEADCipher(suite.encryption, key: keys.encryption, directions: directions))
            }
        }
    }

    /// - Parameter role: our role; the initiator sends with SK_ei/SK_ai and
    ///   receives with SK_er/SK_ar, the responder the other way round.
    public init(suite: IKECipherSuite, keys: IKESAKeys, role: IKERole) throws {
        self.suite = suite
        switch role {
        case .initiator: (outboundKeys, inboundKeys) = ((keys.ei, keys.ai), (keys.er, keys.ar))
        case .responder: (outboundKeys, inboundKeys) = ((keys.er, keys.ar), (keys.ei, keys.ai))
        }
        // Keyed now, so that unusable keys fail here rather than at the first message.
        contexts = try keyed()
    }

    private func keyed() throws -> (outbound: Direction, inbound: Direction) {
        (try Direction(suite: suite, keys: outboundKeys, outbound: true), try Direction(suite: suite, keys: inboundKeys, outbound: false))
    }

    /// The keyed context of one direction for one message: the kept one, or,
    /// without ``keepsContexts``, one keyed now for this message alone (and
    /// only this direction: a message is either sealed or opened).
    private func direction(outbound: Bool) throws -> Direction {
        if keepsContexts && contexts == nil { contexts = try keyed() }
        if let contexts { return outbound ? contexts.outbound : contexts.inbound }
        return try Direction(suite: suite, keys: outbound ? outboundKeys : inboundKeys, outbound: outbound)
    }

    // MARK: - Sizes

    private var ivSize: Int { suite.encryption.ivSize }
    private var icvSize: Int { suite.integrity?.icvSize ?? suite.encryption.icvSize }
    /// What the encrypted part must be a multiple of: the cipher block for CBC
    /// (RFC 7296 §3.14); nothing for AEAD, which needs no padding (RFC 5282 §3).
    private var paddingBlock: Int { suite.encryption.isAEAD ? 1 : suite.encryption.blockSize }

    /// The encrypted length of `contentLength` octets of payloads with the
    /// shortest valid padding, plus the Pad Length octet (RFC 7296 §3.14).
    private func paddedLength(_ contentLength: Int) -> Int {
        (contentLength + 1 + paddingBlock - 1) / paddingBlock * paddingBlock
    }

    // MARK: - Protect

    /// Builds a complete message whose `payloads` travel inside an SK payload,
    /// after any `unencryptedPayloads` (RFC 7296 §3.14: SK is last).
    ///
    /// - Throws: `.invalidLength` if the message would exceed
    ///   ``IKEMessage/maximumLength``.
    public func protect(header: IKEHeader, payloads: [IKEPayload], unencryptedPayloads: [IKEPayload] = []) throws -> [UInt8] {
        let (first, content) = PayloadChain.encode(payloads)
        let bodyLength = ivSize + paddedLength(content.count) + icvSize
        let placeholder = IKEPayload.encrypted(EncryptedPayload(firstPayload: first, body: ArraySlice(repeating: 0, count: bodyLength)))
        let message = IKEMessage(header: header, payloads: unencryptedPayloads + [placeholder])
        guard message.encodedLength <= IKEMessage.maximumLength else {
            throw CryptoError(.invalidLength, "message of \(message.encodedLength) octets is too large; fragment it")
        }
        var bytes = message.encode()
        try seal(content[...], into: &bytes, bodyStart: bytes.count - bodyLength)
        return bytes
    }

    /// Splits `payloads` into SKF fragments (RFC 7383 §2.5) whose messages are
    /// each at most `maximumMessageLength` octets (the IKE message, without
    /// UDP/IP headers or a non-ESP marker).
    ///
    /// - Throws: `.invalidLength` if the limit leaves no room for content, or
    ///   the message would need more than 65,535 fragments.
    public func protectFragments(header: IKEHeader, payloads: [IKEPayload], maximumMessageLength: Int) throws -> [[UInt8]] {
        let (first, content) = PayloadChain.encode(payloads)
        // Header, SKF generic header, Fragment Number and Total Fragments.
        let overhead = IKEHeader.length + 4 + 4 + ivSize + icvSize
        let limit = min(maximumMessageLength, IKEMessage.maximumLength)
        let chunkSize = (limit - overhead) / paddingBlock * paddingBlock - 1
        guard chunkSize >= 1 else {
            throw CryptoError(.invalidLength, "fragment size \(maximumMessageLength) leaves no room for content")
        }
        let total = max(1, (content.count + chunkSize - 1) / chunkSize)
        guard total <= Int(UInt16.max) else { throw CryptoError(.invalidLength, "message needs \(total) fragments") }
        return try (0..<total).map { index in
            let chunk = content[min(content.count, index * chunkSize)..<min(content.count, (index + 1) * chunkSize)]
            let bodyLength = ivSize + paddedLength(chunk.count) + icvSize
            let fragment = EncryptedFragmentPayload(
                firstPayload: index == 0 ? first : .none,  // RFC 7383 §2.5: zero in all but the first
                fragmentNumber: UInt16(index + 1), totalFragments: UInt16(total),
                body: ArraySlice(repeating: 0, count: bodyLength)
            )
            var bytes = IKEMessage(header: header, payloads: [.encryptedFragment(fragment)]).encode()
            try seal(chunk, into: &bytes, bodyStart: bytes.count - bodyLength)
            return bytes
        }
    }

    /// Fills the encrypted body that starts at `bodyStart` and runs to the end
    /// of `bytes`: IV, encrypted content with padding and Pad Length, ICV.
    private func seal(_ content: ArraySlice<UInt8>, into bytes: inout [UInt8], bodyStart: Int) throws {
        let encryptedStart = bodyStart + ivSize
        let icvStart = bytes.count - icvSize
        let padLength = icvStart - encryptedStart - content.count - 1
        bytes.replaceSubrange(encryptedStart..<encryptedStart + content.count, with: content)
        // Padding octets stay zero; the last one before the ICV is the Pad Length.
        bytes[icvStart - 1] = UInt8(padLength)
        try seal(into: &bytes, bodyStart: bodyStart, encryptedStart: encryptedStart, icvStart: icvStart, with: direction(outbound: true))
    }

    private func seal(into bytes: inout [UInt8], bodyStart: Int, encryptedStart: Int, icvStart: Int, with outbound: Direction) throws {
        switch outbound {
        case .cbc(let cipher, let integrity):
            // RFC 7296 §3.14: the IV "MUST be chosen at random and MUST be unpredictable".
            let iv = secureRandomBytes(ivSize)
            bytes.replaceSubrange(bodyStart..<encryptedStart, with: iv)
            try bytes.withUnsafeMutableBytes { buffer in
                try cipher.encrypt(UnsafeMutableRawBufferPointer(rebasing: buffer[encryptedStart..<icvStart]),
                                   iv: UnsafeRawBufferPointer(rebasing: buffer[bodyStart..<encryptedStart]))
                // The ICV covers the whole message up to the ICV itself.
                try integrity.computeICV(over: UnsafeRawBufferPointer(rebasing: buffer[0..<icvStart]),
                                         into: UnsafeMutableRawBufferPointer(rebasing: buffer[icvStart...]))
            }
        case .aead(let cipher):
            bytes.replaceSubrange(bodyStart..<encryptedStart, with: bigEndianBytes(nextAEADIV))
            nextAEADIV += 1
            try bytes.withUnsafeMutableBytes { buffer in
                // RFC 5282 §5.1: the AAD is everything before the IV.
                try cipher.seal(UnsafeMutableRawBufferPointer(rebasing: buffer[encryptedStart..<icvStart]),
                                iv: UnsafeRawBufferPointer(rebasing: buffer[bodyStart..<encryptedStart]),
                                aad: UnsafeRawBufferPointer(rebasing: buffer[0..<bodyStart]),
                                tag: UnsafeMutableRawBufferPointer(rebasing: buffer[icvStart...]))
            }
        }
    }

    // MARK: - Unprotect

    /// Verifies and decrypts the SK payload that ends `message` and decodes
    /// the payloads inside it.
    public func unprotect(_ message: ReceivedIKEMessage) throws(IKEProtectionError) -> [IKEPayload] {
        guard case .encrypted(let sk)? = message.message.payloads.last else { throw .notEncrypted }
        let content = try open(body: sk.body, of: message.octets)
        do {
            return try PayloadChain.decode(first: sk.firstPayload, bytes: content[...])
        } catch {
            throw .decoding(error)
        }
    }

    /// Verifies and decrypts the SKF payload that ends `message`.
    public func unprotectFragment(_ message: ReceivedIKEMessage) throws(IKEProtectionError) -> DecryptedFragment {
        guard case .encryptedFragment(let skf)? = message.message.payloads.last else { throw .notEncrypted }
        let content = try open(body: skf.body, of: message.octets)
        return DecryptedFragment(number: skf.fragmentNumber, total: skf.totalFragments, firstPayload: skf.firstPayload, content: content)
    }

    /// Checks the ICV or tag of an encrypted body (a slice of `octets` running
    /// to its end), decrypts it and strips the padding.
    private func open(body: ArraySlice<UInt8>, of octets: ArraySlice<UInt8>) throws(IKEProtectionError) -> [UInt8] {
        let encryptedLength = body.count - ivSize - icvSize
        // Too short to hold an IV and an ICV: such a body cannot have been
        // authenticated, so it is dropped like a bad ICV (RFC 7296 §2.21.2).
        guard encryptedLength >= 0, body.endIndex == octets.endIndex else { throw .integrityCheckFailed }
        let ivStart = body.startIndex
        let encryptedStart = ivStart + ivSize
        let icvStart = body.endIndex - icvSize
        var plaintext = Array(octets[encryptedStart..<icvStart])
        do {
            // Keying contexts again cannot fail for keys that keyed them at
            // init; if it did (memory), the message is dropped like a bad ICV.
            let inbound = try direction(outbound: false)
            try octets.withUnsafeBytes { whole in
                // `whole` starts at octets.startIndex; rebase the absolute indices.
                let base = octets.startIndex
                let iv = UnsafeRawBufferPointer(rebasing: whole[(ivStart - base)..<(encryptedStart - base)])
                let icv = UnsafeRawBufferPointer(rebasing: whole[(icvStart - base)...])
                try plaintext.withUnsafeMutableBytes { buffer in
                    switch inbound {
                    case .cbc(let cipher, let integrity):
                        // Verify before anything else: nothing of an
                        // unauthenticated message is processed (RFC 7296 §2.21.2).
                        try integrity.verifyICV(icv, over: UnsafeRawBufferPointer(rebasing: whole[..<(icvStart - base)]))
                        guard encryptedLength > 0, encryptedLength % suite.encryption.blockSize == 0 else {
                            throw IKEProtectionError.malformedEncryptedPayload("\(encryptedLength) octets is not a whole number of blocks")
                        }
                        try cipher.decrypt(buffer, iv: iv)
                    case .aead(let cipher):
                        try cipher.open(buffer, iv: iv, aad: UnsafeRawBufferPointer(rebasing: whole[..<(ivStart - base)]), tag: icv)
                    }
                }
            }
        } catch let error as IKEProtectionError {
            throw error
        } catch {
            // The ICV or tag did not verify (decryption of an authenticated,
            // block-aligned body cannot fail otherwise).
            throw .integrityCheckFailed
        }
        // The Pad Length octet ends the encrypted part (RFC 7296 §3.14).
        guard let last = plaintext.last else { throw .malformedEncryptedPayload("no Pad Length") }
        let padLength = Int(last)
        guard padLength + 1 <= plaintext.count else {
            throw .malformedEncryptedPayload("pad length \(padLength) exceeds the content")
        }
        plaintext.removeLast(padLength + 1)
        return plaintext
    }
}
