import COpenSSL

/// A parsed SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) for the key types IKE
/// authentication accepts, turned into an OpenSSL key without OpenSSL's
/// generic decoders.
///
/// Public keys arrive with every certificate-authenticated handshake. OpenSSL
/// 3.0's `d2i_PUBKEY` goes through its decoder framework and costs about
/// 200 µs here; parsing the two supported layouts directly and importing the
/// components costs about 10 µs.
enum SubjectPublicKeyInfo {
    /// RSA (rsaEncryption, RFC 8017 A.1.1): modulus and public exponent.
    case rsa(modulus: [UInt8], exponent: [UInt8])
    /// EC (id-ecPublicKey with a named curve, RFC 5480 §2): the encoded point.
    case ec(EllipticCurve, point: [UInt8])

    /// The largest RSA modulus accepted, as in OpenSSL's verifier
    /// (OPENSSL_RSA_MAX_MODULUS_BITS); larger keys only cost CPU.
    static let maximumRSAModulusBits = 16384

    private static let rsaEncryption: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]
    private static let idECPublicKey: [UInt8] = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]
    private static let namedCurves: [([UInt8], EllipticCurve)] = [
        ([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07], .p256),  // prime256v1
        ([0x2b, 0x81, 0x04, 0x00, 0x22], .p384),                    // secp384r1
        ([0x2b, 0x81, 0x04, 0x00, 0x23], .p521),                    // secp521r1
    ]

    /// Parses strict DER. Anything else, including other algorithms and
    /// explicit curve parameters, is `.invalidKey`.
    init(der: [UInt8]) throws {
        var outer = DERReader(der)
        guard var info = outer.readConstructed(tag: 0x30), outer.isAtEnd,
              var algorithm = info.readConstructed(tag: 0x30),
              let oid = algorithm.read(tag: 0x06),
              let bitString = info.read(tag: 0x03), info.isAtEnd,
              bitString.first == 0 else {  // no unused bits
            throw CryptoError(.invalidKey, "malformed SubjectPublicKeyInfo")
        }
        let keyBytes = Array(bitString.dropFirst())
        if oid.elementsEqual(Self.rsaEncryption) {
            // RFC 3279 §2.3.1: parameters NULL (absent is tolerated).
            if !algorithm.isAtEnd {
                guard let null = algorithm.read(tag: 0x05), null.isEmpty, algorithm.isAtEnd else {
                    throw CryptoError(.invalidKey, "malformed rsaEncryption parameters")
                }
            }
            var keyReader = DERReader(keyBytes)
            guard var key = keyReader.readConstructed(tag: 0x30), keyReader.isAtEnd,
                  let modulus = key.readUnsignedInteger(), let exponent = key.readUnsignedInteger(),
                  key.isAtEnd else {
                throw CryptoError(.invalidKey, "malformed RSAPublicKey")
            }
            self = .rsa(modulus: modulus, exponent: exponent)
        } else if oid.elementsEqual(Self.idECPublicKey) {
            guard let curveOID = algorithm.read(tag: 0x06), algorithm.isAtEnd,
                  let curve = Self.namedCurves.first(where: { curveOID.elementsEqual($0.0) })?.1 else {
                throw CryptoError(.invalidKey, "unsupported elliptic curve")
            }
            self = .ec(curve, point: keyBytes)
        } else {
            throw CryptoError(.invalidKey, "unsupported key type")
        }
    }

    /// The key's size in bits.
    var bitCount: Int {
        switch self {
        case let .rsa(modulus, _):
            guard let first = modulus.first else { return 0 }
            return (modulus.count - 1) * 8 + (8 - first.leadingZeroBitCount)
        case let .ec(curve, _):
            return curve == .p521 ? 521 : curve.coordinateSize * 8
        }
    }

    /// Checks the components and imports them into an OpenSSL key.
    func makeKey(minimumRSAModulusBits: Int) throws -> PKeyHandle {
        switch self {
        case let .rsa(modulus, exponent):
            guard bitCount >= minimumRSAModulusBits else {
                throw CryptoError(.invalidKey, "RSA modulus of \(bitCount) bits is below the minimum of \(minimumRSAModulusBits)")
            }
            guard bitCount <= Self.maximumRSAModulusBits, modulus.last.map({ $0 & 1 == 1 }) == true else {
                throw CryptoError(.invalidKey, "RSA modulus is even or too large")
            }
            // RFC 8017 §3.1: 3 ≤ e < n, and e odd so that it is invertible.
            // OpenSSL's verifier would accept e = 1, making every message
            // representative its own signature.
            guard let last = exponent.last, last & 1 == 1, exponent.count > 1 || last >= 3,
                  exponent.count <= modulus.count else {
                throw CryptoError(.invalidKey, "RSA public exponent must be odd and at least 3")
            }
            return try Self.importRSA(modulus: modulus, exponent: exponent)
        case let .ec(curve, point):
            // Uncompressed (0x04) or compressed (0x02/0x03) encodings only, so
            // the point at infinity (0x00) cannot be expressed; OpenSSL checks
            // that the point is on the curve.
            let size = curve.coordinateSize
            let wellFormed = (point.first == 0x04 && point.count == 1 + 2 * size)
                || ((point.first == 0x02 || point.first == 0x03) && point.count == 1 + size)
            guard wellFormed, let key = try curve.parameters.importPublicKey(encodedPoint: point) else {
                ERR_clear_error()
                throw CryptoError(.invalidKey, "invalid \(curve) public point")
            }
            return key
        }
    }

    /// EVP_PKEY_fromdata with n and e as native-endian OSSL_PARAM integers.
    private static func importRSA(modulus: [UInt8], exponent: [UInt8]) throws -> PKeyHandle {
        let littleEndian = 1.littleEndian == 1
        var n = littleEndian ? Array(modulus.reversed()) : modulus
        var e = littleEndian ? Array(exponent.reversed()) : exponent
        let context = try PKeyContextHandle(algorithm: OpenSSLName.rsa)
        guard EVP_PKEY_fromdata_init(context.pointer) == 1 else { throw CryptoError.openSSL("EVP_PKEY_fromdata_init") }
        var key: OpaquePointer?
        let status = n.withUnsafeMutableBytes { nBuffer in
            e.withUnsafeMutableBytes { eBuffer in
                var parameters = [
                    OSSL_PARAM_construct_BN(OpenSSLName.n, nBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), nBuffer.count),
                    OSSL_PARAM_construct_BN(OpenSSLName.e, eBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), eBuffer.count),
                    OSSL_PARAM_construct_end(),
                ]
                return EVP_PKEY_fromdata(context.pointer, &key, publicKeySelection, &parameters)
            }
        }
        guard status == 1, let key else {
            ERR_clear_error()
            throw CryptoError(.invalidKey, "RSA public key rejected")
        }
        return PKeyHandle(taking: key)
    }

    /// `EVP_PKEY_PUBLIC_KEY`, which does not import into Swift.
    private static let publicKeySelection = Int32(OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS
        | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY)
}
