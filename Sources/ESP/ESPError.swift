/// Why an ESP packet was dropped or could not be built. Every inbound case
/// is counted by the data plane and logged at debug level: a peer (or an
/// attacker) controls the input, so none of them is an error of ours.
public enum ESPError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Shorter than the SPI, sequence number, IV, one cipher block and ICV.
    case truncated(length: Int)
    /// No inbound SA has this SPI.
    case unknownSPI(UInt32)
    /// Already received, or older than the replay window (RFC 4303 §3.4.3).
    case replayed(sequence: UInt64)
    /// The ICV or AEAD tag did not verify (RFC 4303 §3.4.4).
    case authenticationFailed
    /// The ciphertext is not a whole number of cipher blocks.
    case malformedCiphertext(length: Int)
    /// Pad Length points before the payload, or the padding is not the
    /// default 1, 2, 3, … sequence (RFC 4303 §2.4).
    case malformedPadding
    /// The SA reached its hard byte or packet limit; it must not be used.
    case expired
    /// The outbound sequence number would wrap (RFC 4303 §3.3.3): the SA
    /// must be rekeyed, never reused.
    case sequenceExhausted
    /// The output buffer cannot hold the packet.
    case bufferTooSmall(needed: Int)
    /// OpenSSL failed on valid input (out of memory, a provider error).
    case cryptoFailure(String)

    public var description: String {
        switch self {
        case .truncated(let length): "ESP packet of \(length) octets is too short"
        case .unknownSPI(let spi): "no inbound SA with SPI \(String(spi, radix: 16))"
        case .replayed(let sequence): "sequence number \(sequence) replayed or outside the window"
        case .authenticationFailed: "ICV did not verify"
        case .malformedCiphertext(let length): "ciphertext of \(length) octets is not a whole number of blocks"
        case .malformedPadding: "padding is malformed"
        case .expired: "SA reached its hard lifetime"
        case .sequenceExhausted: "outbound sequence number exhausted; the SA needs rekeying"
        case .bufferTooSmall(let needed): "output buffer too small, \(needed) octets needed"
        case .cryptoFailure(let reason): "crypto failure: \(reason)"
        }
    }
}
