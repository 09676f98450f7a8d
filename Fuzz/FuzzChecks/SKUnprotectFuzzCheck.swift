import IKECrypto
import IKEWire

/// What the SK fuzzer checks for one input. The first octet chooses a mode
/// and a cipher suite:
///
/// - bit 7 clear: the rest is a whole IKE message, opened with fixed keys.
///   This exercises everything before and including the ICV check.
/// - bit 7 set: the rest is `first payload type ‖ decrypted content` (inner
///   payloads, padding and Pad Length). The harness seals it correctly with
///   the fixed AES-GCM key, so the fuzzer also reaches the code after a
///   successful integrity check, which it could never reach by forging ICVs.
///
/// Regression tests replay saved inputs through ``run(_:)``.
public enum SKUnprotectFuzzCheck {
    /// Suites with fixed keys, one of each construction.
    public static let suites: [IKECipherSuite] = [
        IKECipherSuite(encryption: .tripleDESCBC, integrity: .hmacSHA1_96, prf: .hmacSHA1),
        IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256),
        IKECipherSuite(encryption: .aesGCM(.bits128, icv: .bytes16), integrity: nil, prf: .hmacSHA256),
        IKECipherSuite(encryption: .chaCha20Poly1305, integrity: nil, prf: .hmacSHA256),
    ]

    /// The index in ``suites`` of the suite used to seal decrypted-content inputs.
    public static let sealingSuite = 2

    /// The fixed keys for `suite`, from a fixed derivation.
    public static func keys(for suite: IKECipherSuite) throws -> IKESAKeys {
        try IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes(Array(repeating: 0x42, count: 32)),
                             initiatorNonce: Array(repeating: 1, count: 16), responderNonce: Array(repeating: 2, count: 16),
                             initiatorSPI: 1, responderSPI: 2)
    }

    /// The responder's side of each suite: it opens what an initiator sends.
    /// Fuzzing is single-threaded, and the objects are only read from here.
    nonisolated(unsafe) static let responders: [IKEMessageProtection] = suites.map { suite in
        guard let protection = try? IKEMessageProtection(suite: suite, keys: keys(for: suite), role: .responder) else {
            preconditionFailure("fixed fuzz keys must be valid")
        }
        return protection
    }

    public static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let rest = Array(input.dropFirst())
        if selector & 0x80 == 0 {
            let responder = responders[Int(selector) % suites.count]
            guard let received = try? ReceivedIKEMessage(decoding: rest) else { return }
            _ = try? responder.unprotect(received)
            _ = try? responder.unprotectFragment(received)
        } else {
            guard let first = rest.first, let message = sealed(content: rest.dropFirst(), firstPayload: PayloadType(rawValue: first)),
                  let received = try? ReceivedIKEMessage(decoding: message)
            else { return }
            do {
                _ = try responders[sealingSuite].unprotect(received)
            } catch .integrityCheckFailed {
                preconditionFailure("a correctly sealed message failed its integrity check")
            } catch {
                // Malformed padding or undecodable content: typed errors, as required.
            }
        }
    }

    /// An IKE_AUTH request whose SK payload holds `content` sealed with the
    /// initiator's key of the sealing suite, exactly as RFC 5282 lays it out.
    public static func sealed(content: ArraySlice<UInt8>, firstPayload: PayloadType) -> [UInt8]? {
        let suite = suites[sealingSuite]
        guard let keys = try? keys(for: suite), let cipher = try? AEADCipher(suite.encryption, key: keys.ei) else { return nil }
        let ivSize = suite.encryption.ivSize
        let tagSize = suite.encryption.icvSize
        let body = ArraySlice<UInt8>(repeating: 0, count: ivSize + content.count + tagSize)
        let header = IKEHeader(initiatorSPI: 1, responderSPI: 2, exchangeType: .ikeAuth, flags: .initiator, messageID: 1)
        let message = IKEMessage(header: header, payloads: [.encrypted(EncryptedPayload(firstPayload: firstPayload, body: body))])
        guard message.encodedLength <= IKEMessage.maximumLength else { return nil }
        var bytes = message.encode()
        let bodyStart = bytes.count - body.count
        let contentStart = bodyStart + ivSize
        bytes.replaceSubrange(contentStart..<contentStart + content.count, with: content)
        do {
            try bytes.withUnsafeMutableBytes { buffer in
                try cipher.seal(UnsafeMutableRawBufferPointer(rebasing: buffer[contentStart..<(contentStart + content.count)]),
                                iv: UnsafeRawBufferPointer(rebasing: buffer[bodyStart..<contentStart]),
                                aad: UnsafeRawBufferPointer(rebasing: buffer[..<bodyStart]),
                                tag: UnsafeMutableRawBufferPointer(rebasing: buffer[(contentStart + content.count)...]))
            }
        } catch {
            return nil
        }
        return bytes
    }
}
