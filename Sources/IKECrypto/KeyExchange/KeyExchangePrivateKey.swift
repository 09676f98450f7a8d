import COpenSSL

/// An ephemeral Diffie-Hellman key pair for one IKE_SA_INIT or CREATE_CHILD_SA
/// exchange (RFC 7296 §1.2, §2.14).
///
/// The private part never leaves this object and `description` does not show
/// it. Create a new key pair for every exchange; RFC 7296 §2.12 allows reuse
/// but it weakens forward secrecy.
public final class KeyExchangePrivateKey: Sendable, CustomStringConvertible {
    private enum Storage: Sendable {
        /// MODP: the group parameters and the private exponent x.
        case modp(MODPGroupParameters, exponent: BigNumberHandle)
        /// ECP and Curve25519: an OpenSSL key pair.
        case pkey(PKeyHandle)
    }

    /// The group this key belongs to.
    public let group: KeyExchangeGroup
    /// Our public value, in the KE payload encoding (see
    /// ``KeyExchangeGroup/publicValueSize``).
    public let publicValue: [UInt8]
    private let storage: Storage

    /// Generates a fresh key pair in `group`.
    public init(group: KeyExchangeGroup) throws {
        self.group = group
        if let parameters = try MODPGroupParameters.forGroup(group) {
            let exponent = try parameters.generateExponent()
            publicValue = try parameters.publicValue(for: exponent)
            storage = .modp(parameters, exponent: exponent)
        } else if let curve = group.curve {
            let key = try curve.parameters.generateKey()
            storage = .pkey(key)
            publicValue = try Self.ecPublicValue(key, curve: curve)
        } else {
            let context = try PKeyContextHandle(algorithm: OpenSSLName.x25519)
            var key: OpaquePointer?
            guard EVP_PKEY_keygen_init(context.pointer) == 1,
                  EVP_PKEY_keygen(context.pointer, &key) == 1, let key else {
                throw CryptoError.openSSL("X25519 keygen")
            }
            let handle = PKeyHandle(taking: key)
            storage = .pkey(handle)
            publicValue = try Self.x25519PublicValue(handle)
        }
    }

    /// Builds a key pair from a fixed private key, for known-answer tests.
    ///
    /// MODP: the exponent x as a big-endian integer with 1 < x < p−1. ECP: the
    /// scalar, exactly the field size (RFC 5903 §8 layout). Curve25519: the 32
    /// scalar bytes of RFC 7748 §6.1 (clamped by OpenSSL when used).
    internal init(group: KeyExchangeGroup, privateKey: [UInt8]) throws {
        self.group = group
        if let parameters = try MODPGroupParameters.forGroup(group) {
            let exponent = try BigNumberHandle(bigEndian: privateKey, secure: true)
            guard parameters.isValidPublicValue(exponent) else {
                throw CryptoError(.invalidKey, "private exponent out of range")
            }
            BN_set_flags(exponent.pointer, BN_FLG_CONSTTIME)
            publicValue = try parameters.publicValue(for: exponent)
            storage = .modp(parameters, exponent: exponent)
        } else if let curve = group.curve {
            let key = try curve.parameters.keyPair(privateScalar: privateKey)
            storage = .pkey(key)
            publicValue = try Self.ecPublicValue(key, curve: curve)
        } else {
            guard privateKey.count == 32 else { throw CryptoError(.invalidKey, "X25519 private key must be 32 bytes") }
            let key = privateKey.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_private_key_ex(nil, OpenSSLName.x25519, nil, $0.baseAddress, $0.count)
            }
            guard let key else { throw CryptoError.openSSL("EVP_PKEY_new_raw_private_key_ex") }
            let handle = PKeyHandle(taking: key)
            storage = .pkey(handle)
            publicValue = try Self.x25519PublicValue(handle)
        }
    }

    /// Computes the shared secret g^ir from the peer's KE payload data.
    ///
    /// The peer's value is validated first and any problem is reported as
    /// `CryptoError.Code.invalidPublicValue`:
    /// - its length must be exactly ``KeyExchangeGroup/publicValueSize``;
    /// - MODP: 1 < y < p−1 (RFC 6989 §2.1);
    /// - ECP: both coordinates below the field prime and the point on the curve;
    ///   x ‖ y cannot encode the point at infinity (RFC 6989 §2.3, RFC 5903 §7);
    /// - Curve25519: the result must not be all zeros, which is what a
    ///   low-order point produces (RFC 7748 §6.1, RFC 8031 §2).
    ///
    /// The secret is padded to ``KeyExchangeGroup/sharedSecretSize`` (RFC 7296
    /// §2.14); for ECP it is the x-coordinate only (RFC 5903 §7 and errata).
    public func sharedSecret<C: Collection<UInt8>>(peerPublicValue: C) throws -> SecretBytes {
        guard peerPublicValue.count == group.publicValueSize else {
            throw CryptoError(.invalidPublicValue, "\(group) public value must be \(group.publicValueSize) bytes, got \(peerPublicValue.count)")
        }
        switch storage {
        case let .modp(parameters, exponent):
            let peer = try BigNumberHandle(bigEndian: peerPublicValue)
            guard parameters.isValidPublicValue(peer) else {
                throw CryptoError(.invalidPublicValue, "\(group) public value not in (1, p-1)")
            }
            let shared = try parameters.power(peer, exponent)
            // Cannot happen for a valid peer value and 1 < x < q, but a
            // degenerate secret must never be used as key material.
            guard parameters.isValidPublicValue(shared),
                  let secret = shared.bytes(paddedTo: parameters.byteCount) else {
                throw CryptoError(.invalidPublicValue, "\(group) degenerate shared secret")
            }
            return SecretBytes(secret)
        case let .pkey(ours):
            if let curve = group.curve {
                // Always the uncompressed form, which cannot encode the point
                // at infinity (RFC 5903 §7).
                let point = [0x04] + Array(peerPublicValue)
                guard let peer = try curve.parameters.importPublicKey(encodedPoint: point) else {
                    ERR_clear_error()
                    throw CryptoError(.invalidPublicValue, "\(group) point not on the curve")
                }
                return try derive(ours, peer, failure: .library)
            } else {
                let bytes = Array(peerPublicValue)
                let key = bytes.withUnsafeBufferPointer {
                    EVP_PKEY_new_raw_public_key_ex(nil, OpenSSLName.x25519, nil, $0.baseAddress, $0.count)
                }
                guard let key else { throw CryptoError.openSSL("EVP_PKEY_new_raw_public_key_ex") }
                // OpenSSL's X25519 derive itself fails on an all-zero result;
                // that is the only expected failure, so it maps to an invalid
                // peer value.
                return try derive(ours, PKeyHandle(taking: key), failure: .invalidPublicValue)
            }
        }
    }

    /// Runs EVP_PKEY_derive and checks the length and the all-zero case.
    private func derive(_ ours: PKeyHandle, _ peer: PKeyHandle, failure: CryptoError.Code) throws -> SecretBytes {
        let context = try PKeyContextHandle(for: ours)
        // validate_peer = 0: the point was already checked on import, and
        // OpenSSL's full public-key check would add a second scalar
        // multiplication (n·Q) that is redundant for these prime-order curves.
        guard EVP_PKEY_derive_init(context.pointer) == 1,
              EVP_PKEY_derive_set_peer_ex(context.pointer, peer.pointer, 0) == 1 else {
            throw CryptoError.openSSL("EVP_PKEY_derive_init")
        }
        let expected = group.sharedSecretSize
        var secret = [UInt8](repeating: 0, count: expected)
        var length = secret.count
        let status = secret.withUnsafeMutableBufferPointer {
            EVP_PKEY_derive(context.pointer, $0.baseAddress, &length)
        }
        guard status == 1 else {
            if failure == .invalidPublicValue {
                ERR_clear_error()
                throw CryptoError(.invalidPublicValue, "\(group) shared secret is all zeros")
            }
            throw CryptoError.openSSL("EVP_PKEY_derive")
        }
        guard length == expected else {
            throw CryptoError(.library, "\(group) shared secret has \(length) bytes, expected \(expected)")
        }
        let wrapped = SecretBytes(secret)
        var accumulator: UInt8 = 0
        wrapped.withUnsafeBytes { for byte in $0 { accumulator |= byte } }
        guard accumulator != 0 else {
            throw CryptoError(.invalidPublicValue, "\(group) shared secret is all zeros")
        }
        return wrapped
    }

    /// x ‖ y without the 0x04 prefix (RFC 5903 §7).
    private static func ecPublicValue(_ key: PKeyHandle, curve: EllipticCurve) throws -> [UInt8] {
        var encoded = [UInt8](repeating: 0, count: 1 + 2 * curve.coordinateSize)
        var length = 0
        let status = encoded.withUnsafeMutableBufferPointer {
            EVP_PKEY_get_octet_string_param(key.pointer, "encoded-pub-key", $0.baseAddress, $0.count, &length)
        }
        guard status == 1, length == encoded.count, encoded[0] == 0x04 else {
            throw CryptoError.openSSL("EC public value export")
        }
        return Array(encoded.dropFirst())
    }

    private static func x25519PublicValue(_ key: PKeyHandle) throws -> [UInt8] {
        var value = [UInt8](repeating: 0, count: 32)
        var length = value.count
        let status = value.withUnsafeMutableBufferPointer {
            EVP_PKEY_get_raw_public_key(key.pointer, $0.baseAddress, &length)
        }
        guard status == 1, length == 32 else { throw CryptoError.openSSL("EVP_PKEY_get_raw_public_key") }
        return value
    }

    /// The group only; the private key is never shown.
    public var description: String { "KeyExchangePrivateKey(\(group), private key redacted)" }
}
