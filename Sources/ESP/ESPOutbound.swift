import IKECrypto
import Synchronization

/// The sending direction of an ESP SA (RFC 4303 §3.1): encapsulates inner
/// packets in ESP. Safe to call from several threads; one lock per SA
/// direction keeps the sequence number and the OpenSSL contexts in order.
public final class ESPOutbound: Sendable {
    public let spi: UInt32
    public let extendedSequenceNumbers: Bool
    public let lifetime: ESPLifetime
    private let state: Mutex<State>

    private struct State {
        let transform: ESPTransform
        /// The next sequence number to send; the first is 1 (RFC 4303 §3.3.3).
        var next: UInt64 = 1
        var counters = ESPCounters()
        var reported: ESPExpiry?
    }

    /// - Throws: `CryptoError` when the keys do not fit the algorithms.
    public init(spi: UInt32, encryption: EncryptionAlgorithm, encryptionKey: SecretBytes, integrity: IntegrityAlgorithm?,
                integrityKey: SecretBytes, extendedSequenceNumbers: Bool, lifetime: ESPLifetime = .unlimited) throws {
        self.spi = spi
        self.extendedSequenceNumbers = extendedSequenceNumbers
        self.lifetime = lifetime
        let transform = try ESPTransform(encryption: encryption, encryptionKey: encryptionKey, integrity: integrity,
                                         integrityKey: integrityKey, directions: .encryptOnly)
        state = Mutex(State(transform: transform))
    }

    /// What has been sent.
    public var counters: ESPCounters { state.withLock { $0.counters } }

    /// The octets ESP adds to a payload of `length` octets at most (header,
    /// IV, padding, trailer, ICV): what the MTU of the tunnel must leave.
    public func overhead(forPayload length: Int) -> Int {
        state.withLock { state in
            let transform = state.transform
            return ESPPacket.headerSize + transform.ivSize + Self.paddedLength(length, transform) - length + transform.icvSize
        }
    }

    /// Encapsulates `payload` (an inner IP packet, next header 4 or 41) into
    /// `output`, starting at its first octet.
    ///
    /// - Returns: the length of the ESP packet, and a lifetime limit if this
    ///   packet crossed one (reported once each).
    public func seal(_ payload: UnsafeRawBufferPointer, nextHeader: UInt8,
                     into output: UnsafeMutableRawBufferPointer) throws(ESPError) -> (length: Int, expiry: ESPExpiry?) {
        try state.withLock { (state: inout State) throws(ESPError) -> (length: Int, expiry: ESPExpiry?) in
            if state.reported == .hard { throw .expired }
            let transform = state.transform
            let sequence = state.next
            // Without ESN the 32-bit counter must not wrap; with ESN the
            // 64-bit one cannot in practice, but is checked all the same.
            guard extendedSequenceNumbers ? sequence != UInt64.max : sequence <= UInt64(UInt32.max) else { throw .sequenceExhausted }

            let padded = Self.paddedLength(payload.count, transform)
            let ciphertextStart = ESPPacket.headerSize + transform.ivSize
            let icvStart = ciphertextStart + padded
            let length = icvStart + transform.icvSize
            guard output.count >= length else { throw .bufferTooSmall(needed: length) }

            output.storeBigEndian(spi, at: 0)
            output.storeBigEndian(UInt32(truncatingIfNeeded: sequence), at: 4)
            let iv = output.slice(ESPPacket.headerSize..<ciphertextStart)
            // Self-describing padding 1, 2, 3, … (RFC 4303 §2.4).
            let plaintext = output.slice(ciphertextStart..<icvStart)
            if payload.count > 0 { plaintext.copyMemory(from: payload) }
            let padLength = padded - payload.count - ESPPacket.trailerSize
            for index in 0..<padLength { plaintext[payload.count + index] = UInt8(index + 1) }
            plaintext[padded - 2] = UInt8(padLength)
            plaintext[padded - 1] = nextHeader

            do {
                switch transform.kind {
                case .cbc(let cipher, let integrity):
                    // CBC needs an unpredictable IV per packet (RFC 3602 §2.3).
                    secureRandomFill(iv)
                    try cipher.encrypt(plaintext, iv: UnsafeRawBufferPointer(iv))
                    try withESNSuffix(sequence: sequence, extended: extendedSequenceNumbers) { suffix in
                        try integrity.computeICV(over: UnsafeRawBufferPointer(output.slice(0..<icvStart)), appending: suffix,
                                                 into: output.slice(icvStart..<length))
                    }
                case .aead(let cipher):
                    // The IV only has to be unique under the key: the
                    // sequence number is (RFC 4106 §3.1).
                    iv.storeBigEndian(sequence, at: 0)
                    try withESPAssociatedData(spi: spi, sequence: sequence, extended: extendedSequenceNumbers) { aad in
                        try cipher.seal(plaintext, iv: UnsafeRawBufferPointer(iv), aad: aad, tag: output.slice(icvStart..<length))
                    }
                }
            } catch {
                throw .cryptoFailure("\(error)")
            }
            state.next = sequence + 1
            let expiry = state.counters.count(payload.count, against: lifetime, reported: &state.reported)
            return (length, expiry)
        }
    }

    /// Tests only: continues from `next`, to reach the 32-bit boundary
    /// without sending four billion packets.
    func continueSequence(from next: UInt64) {
        state.withLock { $0.next = next }
    }

    /// Payload, padding and trailer rounded up to the transform's alignment.
    private static func paddedLength(_ payload: Int, _ transform: ESPTransform) -> Int {
        let unpadded = payload + ESPPacket.trailerSize
        return (unpadded + transform.alignment - 1) / transform.alignment * transform.alignment
    }
}
