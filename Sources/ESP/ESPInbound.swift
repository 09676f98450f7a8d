import IKECrypto
import Synchronization

/// The receiving direction of an ESP SA (RFC 4303 §3.4): checks the
/// sequence number against the replay window, verifies the ICV before
/// anything is decrypted, decrypts in place and strips the trailer. Safe to
/// call from several threads; one lock per SA direction.
public final class ESPInbound: Sendable {
    public let spi: UInt32
    public let extendedSequenceNumbers: Bool
    public let lifetime: ESPLifetime
    private let state: Mutex<State>

    private struct State {
        let transform: ESPTransform
        var window: ReplayWindow
        var counters = ESPCounters()
        var reported: ESPExpiry?
    }

    /// A decapsulated packet: where its payload lies in the buffer handed
    /// to ``open(_:)``, and what it is.
    public struct Opened: Sendable, Equatable {
        public var payload: Range<Int>
        /// 4 (IPv4), 41 (IPv6); 59 for a dummy packet the caller drops.
        public var nextHeader: UInt8
        public var sequence: UInt64
        /// A lifetime limit this packet crossed, reported once each.
        public var expiry: ESPExpiry?
    }

    /// - Throws: `CryptoError` when the keys do not fit the algorithms.
    public init(spi: UInt32, encryption: EncryptionAlgorithm, encryptionKey: SecretBytes, integrity: IntegrityAlgorithm?,
                integrityKey: SecretBytes, extendedSequenceNumbers: Bool, replayWindow: Int = ReplayWindow.defaultSize,
                lifetime: ESPLifetime = .unlimited) throws {
        self.spi = spi
        self.extendedSequenceNumbers = extendedSequenceNumbers
        self.lifetime = lifetime
        let transform = try ESPTransform(encryption: encryption, encryptionKey: encryptionKey, integrity: integrity,
                                         integrityKey: integrityKey, directions: .decryptOnly)
        state = Mutex(State(transform: transform, window: ReplayWindow(size: replayWindow)))
    }

    /// What has been received and dropped.
    public var counters: ESPCounters { state.withLock { $0.counters } }

    /// Decapsulates the ESP packet in `packet` (from the SPI to the ICV) in
    /// place. On any error the packet is dropped and counted, and the SA's
    /// state is unchanged apart from the counter.
    public func open(_ packet: UnsafeMutableRawBufferPointer) throws(ESPError) -> Opened {
        try state.withLock { (state: inout State) throws(ESPError) -> Opened in
            do throws(ESPError) {
                return try Self.open(packet, &state, spi: spi, extended: extendedSequenceNumbers, lifetime: lifetime)
            } catch {
                switch error {
                case .replayed: state.counters.replayed &+= 1
                case .authenticationFailed: state.counters.authenticationFailures &+= 1
                case .truncated, .malformedCiphertext, .malformedPadding: state.counters.malformed &+= 1
                case .unknownSPI, .expired, .sequenceExhausted, .bufferTooSmall, .cryptoFailure: break
                }
                throw error
            }
        }
    }

    /// Tests only: moves the replay window as if `sequence` had arrived.
    func markReceived(_ sequence: UInt64) {
        state.withLock { _ = $0.window.accept(sequence) }
    }

    private static func open(_ packet: UnsafeMutableRawBufferPointer, _ state: inout State, spi: UInt32, extended: Bool,
                             lifetime: ESPLifetime) throws(ESPError) -> Opened {
        if state.reported == .hard { throw .expired }
        let transform = state.transform
        let ciphertextStart = ESPPacket.headerSize + transform.ivSize
        let icvStart = packet.count - transform.icvSize
        // At least one aligned block of ciphertext: the trailer needs it.
        guard icvStart - ciphertextStart >= transform.alignment else { throw .truncated(length: packet.count) }

        let low = UInt32(bigEndian: UnsafeRawBufferPointer(packet).loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        let inferred = extended ? state.window.inferExtended(low: low) : UInt64(low)
        // The cheap check first (RFC 4303 §3.4.3), the ICV next (§3.4.4).
        guard let sequence = inferred, state.window.admits(sequence) else { throw .replayed(sequence: inferred ?? UInt64(low)) }

        let iv = UnsafeRawBufferPointer(packet.slice(ESPPacket.headerSize..<ciphertextStart))
        let ciphertext = packet.slice(ciphertextStart..<icvStart)
        let icv = UnsafeRawBufferPointer(packet.slice(icvStart..<packet.count))
        switch transform.kind {
        case .cbc(let cipher, let integrity):
            guard ciphertext.count % transform.alignment == 0 else { throw .malformedCiphertext(length: ciphertext.count) }
            do {
                try withESNSuffix(sequence: sequence, extended: extended) { suffix in
                    try integrity.verifyICV(icv, over: UnsafeRawBufferPointer(packet.slice(0..<icvStart)), appending: suffix)
                }
            } catch {
                throw .authenticationFailed
            }
            do { try cipher.decrypt(ciphertext, iv: iv) } catch { throw .cryptoFailure("\(error)") }
        case .aead(let cipher):
            do {
                try withESPAssociatedData(spi: spi, sequence: sequence, extended: extended) { aad in
                    try cipher.open(ciphertext, iv: iv, aad: aad, tag: icv)
                }
            } catch {
                throw .authenticationFailed
            }
        }

        let padLength = Int(ciphertext[ciphertext.count - 2])
        let nextHeader = ciphertext[ciphertext.count - 1]
        let payloadLength = ciphertext.count - ESPPacket.trailerSize - padLength
        guard payloadLength >= 0 else { throw .malformedPadding }
        // The default padding is 1, 2, 3, …; anything else is malformed
        // (RFC 4303 §2.4: the receiver SHOULD inspect it).
        for index in 0..<padLength where ciphertext[payloadLength + index] != UInt8(truncatingIfNeeded: index + 1) {
            throw .malformedPadding
        }
        state.window.accept(sequence)
        let expiry = state.counters.count(payloadLength, against: lifetime, reported: &state.reported)
        return Opened(payload: ciphertextStart..<(ciphertextStart + payloadLength), nextHeader: nextHeader, sequence: sequence,
                      expiry: expiry)
    }
}
