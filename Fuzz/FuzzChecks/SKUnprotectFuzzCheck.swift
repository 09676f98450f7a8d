import IKECrypto
import IKEWire
import Synchronization

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
    public static let suites: [IKECipherSuite] = {
        do {
            return [
                try IKECipherSuite(encryption: .tripleDESCBC, integrity: .hmacSHA1_96, prf: .hmacSHA1),
                try IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256),
                try IKECipherSuite(encryption: .aesGCM(.bits128, icv: .bytes16), integrity: nil, prf: .hmacSHA256),
                try IKECipherSuite(encryption: .chaCha20Poly1305, integrity: nil, prf: .hmacSHA256),
            ]
        } catch {
            preconditionFailure("fixed fuzz suites must be valid: \(error)")
        }
    }()

    /// The index in ``suites`` of the suite used to seal decrypted-content inputs.
    public static let sealingSuite = 2

    /// The fixed keys for `suite`, from a fixed derivation.
    public static func keys(for suite: IKECipherSuite) throws -> IKESAKeys {
        try IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes(Array(repeating: 0x42, count: 32)),
                             initiatorNonce: Array(repeating: 1, count: 16), responderNonce: Array(repeating: 2, count: 16),
                             initiatorSPI: 1, responderSPI: 2)
    }

    /// The keyed OpenSSL contexts, built once: keying per input would dominate
    /// the fuzzer's time. Every call mutates them (each operation re-initialises
    /// its context), so they sit behind a mutex for the regression tests, which
    /// run in parallel.
    private struct State {
        /// The responder's side of each suite: it opens what an initiator sends.
        let responders: [IKEMessageProtection]
        /// The initiator's AEAD key of the sealing suite.
        let sealer: AEADCipher
    }

    private static let state: Mutex<State> = {
        do {
            let responders = try suites.map { try IKEMessageProtection(suite: $0, keys: keys(for: $0), role: .responder) }
            let sealing = suites[sealingSuite]
            return Mutex(State(responders: responders, sealer: try AEADCipher(sealing.encryption, key: keys(for: sealing).ei)))
        } catch {
            preconditionFailure("fixed fuzz keys must be valid: \(error)")
        }
    }()

    public static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let rest = input.dropFirst()
        state.withLock { state in
            if selector & 0x80 == 0 {
                let responder = state.responders[Int(selector) % suites.count]
                guard let received = try? ReceivedIKEMessage(decoding: rest) else { return }
                _ = try? responder.unprotect(received)
                _ = try? responder.unprotectFragment(received)
            } else {
                guard let first = rest.first,
                      let message = sealed(content: rest.dropFirst(), firstPayload: PayloadType(rawValue: first), with: state.sealer),
                      let received = try? ReceivedIKEMessage(decoding: message)
                else { return }
                do throws(IKEProtectionError) {
                    _ = try state.responders[sealingSuite].unprotect(received)
                } catch .integrityCheckFailed {
                    preconditionFailure("a correctly sealed message failed its integrity check")
                } catch {
                    // Malformed padding or undecodable content: typed errors, as required.
                }
            }
        }
    }

    /// An IKE_AUTH request whose SK payload holds `content` sealed with the
    /// initiator's key of the sealing suite, exactly as RFC 5282 lays it out.
    public static func sealed(content: ArraySlice<UInt8>, firstPayload: PayloadType) -> [UInt8]? {
        state.withLock { sealed(content: content, firstPayload: firstPayload, with: $0.sealer) }
    }

    private static func sealed(content: ArraySlice<UInt8>, firstPayload: PayloadType, with cipher: AEADCipher) -> [UInt8]? {
        let suite = suites[sealingSuite]
        let ivSize = suite.encryption.ivSize
        let tagSize = suite.encryption.icvSize
        let body = ArraySlice<UInt8>(repeating: 0, count: ivSize + content.count + tagSize)
        let header = IKEHeader(initiatorSPI: 1, responderSPI: 2, exchangeType: .ikeAuth, flags: .initiator, messageID: 1)
        let message = IKEMessage(header: header, payloads: [.encrypted(EncryptedPayload(firstPayload: firstPayload, body: body))])
        guard message.encodedLength <= IKEMessage.maximumLength else { return nil }
        var bytes = message.encode()
        let bodyStart = bytes.count - body.count
        let contentStart = bodyStart + ivSize
        let contentEnd = contentStart + content.count
        bytes.replaceSubrange(contentStart..<contentEnd, with: content)
        do {
            try bytes.withUnsafeMutableBytes { buffer in
                try cipher.seal(UnsafeMutableRawBufferPointer(rebasing: buffer[contentStart..<contentEnd]),
                                iv: UnsafeRawBufferPointer(rebasing: buffer[bodyStart..<contentStart]),
                                aad: UnsafeRawBufferPointer(rebasing: buffer[..<bodyStart]),
                                tag: UnsafeMutableRawBufferPointer(rebasing: buffer[contentEnd...]))
            }
        } catch {
            return nil
        }
        return bytes
    }
}
