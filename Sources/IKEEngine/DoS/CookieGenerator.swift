import IKECrypto
import IKEWire

/// Stateless cookies (RFC 7296 §2.6):
///
///     Cookie = <VersionIDofSecret> | Hash(Ni | IPi | SPIi | <secret>)
///
/// with HMAC-SHA-256 keyed by the secret as the hash. Secrets are replaced
/// periodically; a cookie made with the previous secret is still accepted,
/// so a client that got one just before the change is not turned away.
final class CookieGenerator {
    private struct Secret {
        let version: UInt8
        let prf: PRF
    }

    private var current: Secret
    private var previous: Secret?
    private var replaceAt: EngineInstant
    private let lifetime: Duration

    /// Cookie length: the version octet and a 16-octet MAC.
    static let length = 17

    init(lifetime: Duration, now: EngineInstant) throws {
        self.lifetime = lifetime
        current = Secret(version: 0, prf: try PRF(.hmacSHA256, key: SecretBytes(secureRandomBytes(32))))
        replaceAt = now.advanced(by: lifetime)
    }

    /// The cookie for an initiator's nonce, address and SPI.
    func cookie(nonce: ArraySlice<UInt8>, address: IPAddress, spi: UInt64, now: EngineInstant) throws -> [UInt8] {
        try rotateIfDue(now)
        return try make(with: current, nonce: nonce, address: address, spi: spi)
    }

    /// Whether `cookie` was made by us, recently, for these values.
    func isValid(_ cookie: ArraySlice<UInt8>, nonce: ArraySlice<UInt8>, address: IPAddress, spi: UInt64, now: EngineInstant) -> Bool {
        guard (try? rotateIfDue(now)) != nil, cookie.count == Self.length, let version = cookie.first else { return false }
        for secret in [current, previous].compactMap({ $0 }) where secret.version == version {
            if let expected = try? make(with: secret, nonce: nonce, address: address, spi: spi) {
                return constantTimeEquals(expected, cookie)
            }
        }
        return false
    }

    private func make(with secret: Secret, nonce: ArraySlice<UInt8>, address: IPAddress, spi: UInt64) throws -> [UInt8] {
        let mac = try secret.prf.compute(nonce, address.bytes, bigEndianBytes(spi))
        return [secret.version] + mac.prefix(Self.length - 1)
    }

    private func rotateIfDue(_ now: EngineInstant) throws {
        guard now >= replaceAt else { return }
        previous = current
        current = Secret(version: current.version &+ 1, prf: try PRF(.hmacSHA256, key: SecretBytes(secureRandomBytes(32))))
        replaceAt = now.advanced(by: lifetime)
    }
}

/// The eight octets of a 64-bit value in network order.
func bigEndianBytes(_ value: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: value >> UInt64(56 - 8 * $0)) }
}
