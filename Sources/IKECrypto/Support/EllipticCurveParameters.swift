import COpenSSL

/// Per-curve OpenSSL objects that are expensive to build and can be shared:
/// a parameters-only `EVP_PKEY` used as the template for key generation and
/// for importing peer points, the `EC_GROUP`, and the group order.
///
/// Built once per process on first use. `@unchecked Sendable`: nothing is
/// modified after `init`, and the OpenSSL functions used on these objects only
/// read them.
final class EllipticCurveParameters: @unchecked Sendable {
    static let p256 = EllipticCurveParameters(.p256)
    static let p384 = EllipticCurveParameters(.p384)
    static let p521 = EllipticCurveParameters(.p521)

    let curve: EllipticCurve
    /// Domain parameters only; no key.
    let template: PKeyHandle
    /// The curve's `EC_GROUP`, used only to derive a public point from a fixed
    /// private scalar (test vectors).
    private let group: OpaquePointer
    /// The group order n, big-endian, `curve.coordinateSize` bytes.
    let order: [UInt8]

    private init?(_ curve: EllipticCurve) {
        guard let group = EC_GROUP_new_by_curve_name(curve.nid) else { return nil }
        guard let orderNumber = EC_GROUP_get0_order(group) else {
            EC_GROUP_free(group)
            return nil
        }
        var order = [UInt8](repeating: 0, count: curve.coordinateSize)
        let written = order.withUnsafeMutableBufferPointer {
            BN_bn2binpad(orderNumber, $0.baseAddress, Int32($0.count))
        }
        guard written == Int32(curve.coordinateSize),
              let template = try? Self.makeTemplate(curve) else {
            EC_GROUP_free(group)
            return nil
        }
        self.curve = curve
        self.group = group
        self.order = order
        self.template = template
    }

    deinit {
        EC_GROUP_free(group)
    }

    /// `EVP_PKEY_KEYPAIR`, which does not import into Swift.
    private static let keyPairSelection = Int32(OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS
        | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS | OSSL_KEYMGMT_SELECT_PUBLIC_KEY
        | OSSL_KEYMGMT_SELECT_PRIVATE_KEY)

    private static func makeTemplate(_ curve: EllipticCurve) throws -> PKeyHandle {
        let context = try PKeyContextHandle(algorithm: OpenSSLName.ec)
        guard EVP_PKEY_paramgen_init(context.pointer) == 1,
              EVP_PKEY_CTX_set_group_name(context.pointer, curve.openSSLName) == 1 else {
            throw CryptoError.openSSL("EC parameter setup")
        }
        var parameters: OpaquePointer?
        guard EVP_PKEY_paramgen(context.pointer, &parameters) == 1, let parameters else {
            throw CryptoError.openSSL("EVP_PKEY_paramgen")
        }
        return PKeyHandle(taking: parameters)
    }

    /// Generates a fresh key pair on this curve.
    func generateKey() throws -> PKeyHandle {
        let context = try PKeyContextHandle(for: template)
        guard EVP_PKEY_keygen_init(context.pointer) == 1 else {
            throw CryptoError.openSSL("EVP_PKEY_keygen_init")
        }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context.pointer, &key) == 1, let key else {
            throw CryptoError.openSSL("EVP_PKEY_keygen")
        }
        return PKeyHandle(taking: key)
    }

    /// Imports a public point in SEC1 encoding (`0x04 ‖ x ‖ y`, or compressed).
    ///
    /// OpenSSL decodes the point with `EC_POINT_oct2point`, which rejects
    /// coordinates that are not below the field prime and points that are not
    /// on the curve. These are the checks of RFC 6989 §2.3 for prime-order
    /// curves; callers make sure the encoding cannot be the single byte 0x00
    /// (the point at infinity). Returns `nil` if the point is rejected.
    func importPublicKey(encodedPoint: [UInt8]) -> PKeyHandle? {
        guard let key = EVP_PKEY_new() else { return nil }
        let handle = PKeyHandle(taking: key)
        guard EVP_PKEY_copy_parameters(key, template.pointer) == 1 else { return nil }
        let status = encodedPoint.withUnsafeBufferPointer {
            EVP_PKEY_set1_encoded_public_key(key, $0.baseAddress, $0.count)
        }
        return status == 1 ? handle : nil
    }

    /// Builds a key pair from a fixed private scalar (for test vectors). The
    /// scalar must be in [1, n-1].
    func keyPair(privateScalar scalar: [UInt8]) throws -> PKeyHandle {
        guard scalar.count == curve.coordinateSize,
              scalar.contains(where: { $0 != 0 }),
              scalar.lexicographicallyPrecedes(order) else {
            throw CryptoError(.invalidKey, "private scalar out of range")
        }
        let privateNumber = try BigNumberHandle(bigEndian: scalar, secure: true)
        guard let point = EC_POINT_new(group) else { throw CryptoError.openSSL("EC_POINT_new") }
        defer { EC_POINT_free(point) }
        guard EC_POINT_mul(group, point, privateNumber.pointer, nil, nil, nil) == 1 else {
            throw CryptoError.openSSL("EC_POINT_mul")
        }
        var encoded = [UInt8](repeating: 0, count: 1 + 2 * curve.coordinateSize)
        let length = encoded.withUnsafeMutableBufferPointer {
            EC_POINT_point2oct(group, point, POINT_CONVERSION_UNCOMPRESSED, $0.baseAddress, $0.count, nil)
        }
        guard length == encoded.count else { throw CryptoError.openSSL("EC_POINT_point2oct") }

        // OSSL_PARAM_BLD keeps the key and string pointers it is given until
        // the parameters are used, so they must outlive Swift's temporary
        // String-to-C bridging: copy them to the C heap first.
        guard let groupKey = strdup("group"), let groupName = strdup(curve.openSSLName),
              let privateKey = strdup("priv"), let publicKey = strdup("pub") else {
            throw CryptoError(.library, "strdup failed")
        }
        defer { free(groupKey); free(groupName); free(privateKey); free(publicKey) }
        guard let builder = OSSL_PARAM_BLD_new() else { throw CryptoError.openSSL("OSSL_PARAM_BLD_new") }
        defer { OSSL_PARAM_BLD_free(builder) }
        // The builder keeps the point's buffer pointer too, so the parameters
        // are built while that buffer is still borrowed.
        let parameters = encoded.withUnsafeBufferPointer { point -> UnsafeMutablePointer<OSSL_PARAM>? in
            guard OSSL_PARAM_BLD_push_utf8_string(builder, groupKey, groupName, 0) == 1,
                  OSSL_PARAM_BLD_push_BN(builder, privateKey, privateNumber.pointer) == 1,
                  OSSL_PARAM_BLD_push_octet_string(builder, publicKey, point.baseAddress, point.count) == 1
            else { return nil }
            return OSSL_PARAM_BLD_to_param(builder)
        }
        guard let parameters else { throw CryptoError.openSSL("OSSL_PARAM_BLD") }
        // OpenSSL 3.0 has no OSSL_PARAM_clear_free; this path only serves
        // known-answer tests with published private keys.
        defer { OSSL_PARAM_free(parameters) }
        let context = try PKeyContextHandle(algorithm: OpenSSLName.ec)
        var key: OpaquePointer?
        guard EVP_PKEY_fromdata_init(context.pointer) == 1,
              EVP_PKEY_fromdata(context.pointer, &key, Self.keyPairSelection, parameters) == 1,
              let key else {
            throw CryptoError.openSSL("EVP_PKEY_fromdata")
        }
        return PKeyHandle(taking: key)
    }
}
