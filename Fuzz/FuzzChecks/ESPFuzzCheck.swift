import ESP
import IKECrypto
import Synchronization

/// What the ESP fuzzer checks for one input. The first octet chooses:
///
/// - bit 7 clear: the rest is an ESP packet, opened by fixed SAs (3DES,
///   AES-CBC, AES-GCM, ChaCha20-Poly1305, with and without ESN). Without the
///   keys nothing may open; every path before and including the ICV check
///   must end in an `ESPError`.
/// - bit 7 set: the rest is decrypted content (payload, padding, Pad Length,
///   Next Header as the sender chose them). The harness encrypts it and
///   computes a valid ICV, so the fuzzer reaches the trailer checks after a
///   passing ICV, which it could never reach by forging one. The result must
///   be a typed error or a payload that lies within the packet.
///
/// Either way the input's octets, read as 16-bit offsets, also drive a
/// replay window against a set-based model.
public enum ESPFuzzCheck {
    public static let transforms: [(EncryptionAlgorithm, IntegrityAlgorithm?)] = [
        (.tripleDESCBC, .hmacSHA1_96), (.aesCBC(.bits256), .hmacSHA256_128),
        (.aesGCM(.bits128, icv: .bytes16), nil), (.chaCha20Poly1305, nil),
    ]
    public static let spi: UInt32 = 0x0102_0304

    public static func key(_ count: Int, _ fill: UInt8) -> SecretBytes { SecretBytes([UInt8](repeating: fill, count: count)) }

    /// Inbound SAs with fixed keys, one per transform and ESN setting. A
    /// packet never opens without the key, so their replay windows stay put
    /// in mode 1; mode 2 builds its own.
    private static let inbound: [ESPInbound] = {
        do {
            return try transforms.flatMap { encryption, integrity in
                try [false, true].map { esn in
                    try ESPInbound(spi: spi, encryption: encryption, encryptionKey: key(encryption.keySize, 0x11), integrity: integrity,
                                   integrityKey: key(integrity?.keySize ?? 0, 0x22), extendedSequenceNumbers: esn)
                }
            }
        } catch {
            preconditionFailure("fixed fuzz SAs must be valid: \(error)")
        }
    }()

    public static func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let rest = Array(input.dropFirst())
        if first & 0x80 == 0 {
            openForged(rest, sa: inbound[Int(first) % inbound.count])
        } else {
            openSealed(rest, transform: transforms[Int(first) % 2 == 0 ? 0 : 1])
        }
        replayModel(rest)
    }

    private static func openForged(_ packet: [UInt8], sa: ESPInbound) {
        var copy = packet
        do {
            _ = try copy.withUnsafeMutableBytes { try sa.open($0) }
            preconditionFailure("an ESP packet opened without the key")
        } catch {
            guard error is ESPError else { preconditionFailure("untyped error \(error)") }
        }
    }

    /// Encrypts `content` as CBC plaintext (padded with zeros to the block
    /// size: the fuzzer chose the trailer, the harness only makes it a whole
    /// number of blocks) with a valid ICV, then opens it.
    private static func openSealed(_ content: [UInt8], transform: (EncryptionAlgorithm, IntegrityAlgorithm?)) {
        let (encryption, integrity) = transform
        guard let integrity else { return }
        do {
            let encryptionKey = key(encryption.keySize, 0x33), integrityKey = key(integrity.keySize, 0x44)
            var plaintext = content.isEmpty ? [0] : content
            plaintext += [UInt8](repeating: 0, count: (encryption.blockSize - plaintext.count % encryption.blockSize) % encryption.blockSize)
            let iv = [UInt8](repeating: 0x55, count: encryption.ivSize)
            var packet: [UInt8] = [1, 2, 3, 4, 0, 0, 0, 1] + iv
            packet += try CBCCipher(encryption, key: encryptionKey).encrypt(plaintext, iv: iv)
            packet += try Integrity(integrity, key: integrityKey).computeICV(packet)
            let sa = try ESPInbound(spi: spi, encryption: encryption, encryptionKey: encryptionKey, integrity: integrity,
                                    integrityKey: integrityKey, extendedSequenceNumbers: false)
            let count = packet.count
            do {
                let opened = try packet.withUnsafeMutableBytes { try sa.open($0) }
                guard opened.payload.lowerBound >= 8 + iv.count, opened.payload.upperBound <= count - integrity.icvSize - 2,
                      Array(packet[opened.payload]) == Array(plaintext.prefix(opened.payload.count)) else {
                    preconditionFailure("payload \(opened.payload) outside the decrypted content")
                }
            } catch let error as ESPError {
                guard error == .malformedPadding else { preconditionFailure("a correctly sealed packet failed with \(error)") }
            }
        } catch {
            preconditionFailure("harness keys must be valid: \(error)")
        }
    }

    /// Sequence numbers from the input against a set: the window admits
    /// exactly what is new and not older than its size.
    private static func replayModel(_ input: [UInt8]) {
        var window = ReplayWindow(size: 64)
        var seen = Set<UInt64>()
        var top: UInt64 = 0
        var base: UInt64 = 1
        var index = 0
        while index + 1 < input.count {
            let step = Int(input[index]) - 96   // mostly forward, sometimes back
            base = UInt64(max(0, Int(clamping: base) + step))
            let sequence = base + UInt64(input[index + 1] & 0x7F)
            let expected = sequence != 0 && !seen.contains(sequence) && (sequence > top || top - sequence < 64)
            guard window.accept(sequence) == expected else { preconditionFailure("replay window disagrees with the model at \(sequence)") }
            if expected {
                seen.insert(sequence)
                top = max(top, sequence)
            }
            index += 2
        }
    }
}
