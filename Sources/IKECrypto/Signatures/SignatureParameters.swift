import COpenSSL

/// Sets the padding and digest parameters of a signing or verification context.
enum SignatureParameters {
    static func apply(_ scheme: SignatureScheme, to context: PKeyContextHandle) throws {
        let md = try scheme.hash.implementation.pointer()
        let ok: Bool
        switch scheme {
        case .rsaPKCS1v15:
            ok = EVP_PKEY_CTX_set_rsa_padding(context.pointer, RSA_PKCS1_PADDING) == 1
                && EVP_PKEY_CTX_set_signature_md(context.pointer, md) == 1
        case .rsaPSS:
            // RFC 7427 §A.4 parameter sets: MGF1 with the message hash and a
            // salt of the hash length. RSA_PSS_SALTLEN_DIGEST makes
            // verification insist on exactly that salt length.
            ok = EVP_PKEY_CTX_set_rsa_padding(context.pointer, RSA_PKCS1_PSS_PADDING) == 1
                && EVP_PKEY_CTX_set_signature_md(context.pointer, md) == 1
                && EVP_PKEY_CTX_set_rsa_mgf1_md(context.pointer, md) == 1
                && EVP_PKEY_CTX_set_rsa_pss_saltlen(context.pointer, RSA_PSS_SALTLEN_DIGEST) == 1
        case .ecdsa:
            ok = EVP_PKEY_CTX_set_signature_md(context.pointer, md) == 1
        }
        guard ok else { throw CryptoError.openSSL("signature parameters for \(scheme)") }
    }
}
