/// An ECDSA signature (r, s), convertible between the two encodings IKEv2 uses:
///
/// - DER `ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 3279
///   §2.2.3), used with RFC 7427 digital signature authentication (method 14);
/// - the fixed-length concatenation r ‖ s, each left-padded to the curve's
///   coordinate size, used by auth methods 9, 10 and 11 (RFC 4754 §7).
///
/// `r` and `s` are stored as unsigned big-endian magnitudes without leading
/// zero bytes.
public struct ECDSASignature: Hashable, Sendable {
    /// r as an unsigned big-endian integer without leading zeros.
    public let r: [UInt8]
    /// s as an unsigned big-endian integer without leading zeros.
    public let s: [UInt8]

    /// Parses a strict DER `ECDSA-Sig-Value`.
    ///
    /// Rejects with `.authenticationFailed`: other tags, indefinite or
    /// non-minimal lengths, negative or non-minimally encoded integers, and any
    /// trailing bytes. Only one encoding of a signature is accepted, so a
    /// signature cannot be altered without invalidating it.
    public init(derRepresentation der: [UInt8]) throws {
        var outer = DERReader(der)
        guard var sequence = outer.readConstructed(tag: 0x30), outer.isAtEnd,
              let r = sequence.readUnsignedInteger(), let s = sequence.readUnsignedInteger(),
              sequence.isAtEnd else {
            throw CryptoError(.authenticationFailed, "malformed ECDSA-Sig-Value")
        }
        self.r = r
        self.s = s
    }

    /// Splits the RFC 4754 §7 form r ‖ s. The length must be exactly twice the
    /// curve's coordinate size (`.invalidLength` otherwise), and 1 ≤ r, s < n
    /// (`.authenticationFailed` otherwise).
    public init(rawRepresentation raw: [UInt8], curve: EllipticCurve) throws {
        let size = curve.coordinateSize
        guard raw.count == 2 * size else {
            throw CryptoError(.invalidLength, "\(curve) r ‖ s signature must be \(2 * size) bytes, got \(raw.count)")
        }
        self.r = Self.stripLeadingZeros(raw[..<size])
        self.s = Self.stripLeadingZeros(raw[size...])
        guard try isInRange(for: curve) else {
            throw CryptoError(.authenticationFailed, "ECDSA r or s out of range")
        }
    }

    /// Creates a signature from big-endian r and s (leading zeros allowed).
    public init(r: [UInt8], s: [UInt8]) {
        self.r = Self.stripLeadingZeros(r[...])
        self.s = Self.stripLeadingZeros(s[...])
    }

    /// The DER `ECDSA-Sig-Value`.
    public var derRepresentation: [UInt8] {
        let body = Self.derInteger(r) + Self.derInteger(s)
        return [0x30] + Self.derLength(body.count) + body
    }

    /// r ‖ s, each left-padded to the curve's coordinate size (RFC 4754 §7).
    /// Throws `.invalidLength` if r or s does not fit.
    public func rawRepresentation(curve: EllipticCurve) throws -> [UInt8] {
        let size = curve.coordinateSize
        guard r.count <= size, s.count <= size else {
            throw CryptoError(.invalidLength, "ECDSA r or s longer than the \(curve) order")
        }
        return [UInt8](repeating: 0, count: size - r.count) + r
            + [UInt8](repeating: 0, count: size - s.count) + s
    }

    /// Whether 1 ≤ r < n and 1 ≤ s < n for the curve's order n (FIPS 186-4
    /// §6.4.2 step 1). Values outside the range must never reach verification
    /// (CVE-2013-2944 class).
    func isInRange(for curve: EllipticCurve) throws -> Bool {
        let order = try curve.parameters.order
        return Self.isBetweenOneAndOrder(r, order) && Self.isBetweenOneAndOrder(s, order)
    }

    private static func isBetweenOneAndOrder(_ value: [UInt8], _ order: [UInt8]) -> Bool {
        guard !value.isEmpty, value.count <= order.count else { return false }
        let padded = [UInt8](repeating: 0, count: order.count - value.count) + value
        return padded.lexicographicallyPrecedes(order)
    }

    private static func stripLeadingZeros(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        Array(bytes.drop(while: { $0 == 0 }))
    }

    private static func derInteger(_ magnitude: [UInt8]) -> [UInt8] {
        // Zero is encoded as a single 0x00; a set top bit needs a 0x00 prefix
        // to keep the integer positive.
        let content = magnitude.isEmpty ? [0] : (magnitude[0] & 0x80 != 0 ? [0] + magnitude : magnitude)
        return [0x02] + derLength(content.count) + content
    }

    private static func derLength(_ length: Int) -> [UInt8] {
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var remaining = length
        while remaining > 0 {
            bytes.insert(UInt8(remaining & 0xFF), at: 0)
            remaining >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }
}
