import COpenSSL

/// A MODP group's prime with the values derived from it once per process: p−1
/// for the peer-value range check, the generator, and the Montgomery context
/// that every modular exponentiation reuses.
///
/// `@unchecked Sendable`: nothing is modified after `init`, and
/// `BN_mod_exp_mont_consttime` only reads the modulus and the Montgomery context.
final class MODPGroupParameters: @unchecked Sendable {
    static let modp1024 = MODPGroupParameters(.modp1024)
    static let modp2048 = MODPGroupParameters(.modp2048)
    static let modp3072 = MODPGroupParameters(.modp3072)
    static let modp4096 = MODPGroupParameters(.modp4096)

    /// The parameters for a MODP group, or `nil` for other groups.
    static func forGroup(_ group: KeyExchangeGroup) throws -> MODPGroupParameters? {
        let cached: MODPGroupParameters?
        switch group {
        case .modp1024: cached = modp1024
        case .modp2048: cached = modp2048
        case .modp3072: cached = modp3072
        case .modp4096: cached = modp4096
        default: return nil
        }
        guard let cached else { throw CryptoError(.library, "\(group) parameters unavailable") }
        return cached
    }

    let group: KeyExchangeGroup
    let prime: BigNumberHandle
    let primeMinusOne: BigNumberHandle
    let generator: BigNumberHandle
    /// The prime's length in bytes; public values and shared secrets are
    /// padded to it (RFC 7296 §2.14).
    let byteCount: Int
    /// Length of freshly generated private exponents, in bits.
    ///
    /// Full-length exponents cost 2.9 ms per exponentiation in the 2048-bit
    /// group here; the cost grows with the exponent length, so the exponent is
    /// kept short. RFC 3526 §8 recommends an exponent of at least twice the
    /// group's strength. Because the primes are safe primes (p = 2q + 1), a
    /// short exponent is not weakened by small subgroups (RFC 3526 §8 cites van
    /// Oorschot-Wiener). Chosen lengths, each at least twice the NIST SP 800-57
    /// strength and inside RFC 3526 §8's exponent-size range:
    ///
    /// | group    | strength (SP 800-57 / RFC 3526 §8) | exponent |
    /// |----------|-------------------------------------|----------|
    /// | modp1024 | 80 / –                              | 256 bits |
    /// | modp2048 | 112 / 110–160                       | 256 bits |
    /// | modp3072 | 128 / 130–210                       | 320 bits |
    /// | modp4096 | ~152 / 150–240                      | 384 bits |
    ///
    /// strongSwan uses full-length exponents by default and, with
    /// `dh_exponent_ansi_x9_42 = no`, 256/384/384/512 bits for these groups.
    let exponentBits: Int32
    private let montgomery: OpaquePointer

    private init?(_ group: KeyExchangeGroup) {
        let primePointer: OpaquePointer?
        let exponentBits: Int32
        switch group {
        case .modp1024: primePointer = BN_get_rfc2409_prime_1024(nil); exponentBits = 256
        case .modp2048: primePointer = BN_get_rfc3526_prime_2048(nil); exponentBits = 256
        case .modp3072: primePointer = BN_get_rfc3526_prime_3072(nil); exponentBits = 320
        case .modp4096: primePointer = BN_get_rfc3526_prime_4096(nil); exponentBits = 384
        default: return nil
        }
        guard let primePointer else { return nil }
        let prime = BigNumberHandle(taking: primePointer)
        guard let primeMinusOne = try? BigNumberHandle(),
              BN_sub(primeMinusOne.pointer, prime.pointer, BN_value_one()) == 1,
              let generator = try? BigNumberHandle(),
              BN_set_word(generator.pointer, 2) == 1,
              let context = BN_CTX_new() else { return nil }
        defer { BN_CTX_free(context) }
        guard let montgomery = BN_MONT_CTX_new() else { return nil }
        guard BN_MONT_CTX_set(montgomery, prime.pointer, context) == 1 else {
            BN_MONT_CTX_free(montgomery)
            return nil
        }
        self.group = group
        self.prime = prime
        self.primeMinusOne = primeMinusOne
        self.generator = generator
        self.byteCount = (prime.bitCount + 7) / 8
        self.exponentBits = exponentBits
        self.montgomery = montgomery
    }

    deinit {
        BN_MONT_CTX_free(montgomery)
    }

    /// The prime as big-endian bytes (for tests against the RFC text).
    var primeBytes: [UInt8] { prime.bytes(paddedTo: byteCount) ?? [] }

    /// A fresh private exponent of exactly `exponentBits` bits.
    ///
    /// The top bit is forced to one so every exponent has the same length and
    /// the constant-time exponentiation does not vary with it.
    func generateExponent() throws -> BigNumberHandle {
        let exponent = try BigNumberHandle(secure: true)
        guard BN_priv_rand(exponent.pointer, exponentBits, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) == 1 else {
            throw CryptoError.openSSL("BN_priv_rand")
        }
        BN_set_flags(exponent.pointer, BN_FLG_CONSTTIME)
        return exponent
    }

    /// Whether 1 < value < p−1 (RFC 6989 §2.1). For these safe-prime groups that
    /// range check is the complete validity test: it excludes the elements of
    /// order 1 and 2, the only small subgroup.
    func isValidPublicValue(_ value: BigNumberHandle) -> Bool {
        !BN_is_zero(value.pointer).asBool
            && !BN_is_one(value.pointer).asBool
            && value.compare(primeMinusOne) < 0
    }

    /// base^exponent mod p in constant time with respect to the exponent.
    /// The public value g^x mod p for `exponent`, padded to the prime's
    /// length as the KE payload carries it (RFC 7296 §3.4).
    func publicValue(for exponent: BigNumberHandle) throws -> [UInt8] {
        guard let encoded = try power(generator, exponent).bytes(paddedTo: byteCount) else {
            throw CryptoError(.library, "public value longer than the prime")
        }
        return encoded
    }

    func power(_ base: BigNumberHandle, _ exponent: BigNumberHandle) throws -> BigNumberHandle {
        let result = try BigNumberHandle(secure: true)
        guard let context = BN_CTX_secure_new() else { throw CryptoError.openSSL("BN_CTX_secure_new") }
        defer { BN_CTX_free(context) }
        guard BN_mod_exp_mont_consttime(result.pointer, base.pointer, exponent.pointer,
                                        prime.pointer, context, montgomery) == 1 else {
            throw CryptoError.openSSL("BN_mod_exp_mont_consttime")
        }
        return result
    }
}

private extension Int32 {
    var asBool: Bool { self != 0 }
}
