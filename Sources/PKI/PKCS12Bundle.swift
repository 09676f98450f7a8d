import COpenSSL
import SwiftASN1
import X509

/// A PKCS#12 file (RFC 7292): a client's key, its certificate and the CA
/// certificate under one password, the form Windows (certutil
/// -importpfx, Import-PfxCertificate), macOS and iOS import.
///
/// Built by libcrypto, which is what reads such files on the client side
/// of most tests and platforms; only the default provider is needed (3DES
/// and the PKCS#12 key derivation are there; RC2-40, OpenSSL's legacy
/// certificate encryption, is not and is not used).
public enum PKCS12Bundle {
    public enum Encryption: Sendable {
        /// OpenSSL 3's defaults: PBES2 (PBKDF2 with HMAC-SHA-256, RFC 8018)
        /// with AES-256-CBC for the key and the certificates, an
        /// HMAC-SHA-256 MAC. Windows 10 1709 and later, current macOS.
        case aes256
        /// pbeWithSHA1And3-KeyTripleDES-CBC (RFC 7292 Appendix C) for the
        /// key and the certificates and a SHA-1 MAC: what older Windows
        /// and macOS Keychains can import.
        case legacy3DES

        var bagAlgorithm: Int32 { self == .aes256 ? NID_aes_256_cbc : NID_pbe_WithSHA1And3_Key_TripleDES_CBC }
        var macDigest: OpaquePointer? { self == .aes256 ? EVP_sha256() : EVP_sha1() }
    }

    /// OpenSSL's default iteration count for both the encryption and the
    /// MAC key (PKCS12_DEFAULT_ITER).
    static let iterations: Int32 = 2048

    /// The DER of a PKCS#12 file holding `issued` (key and certificate,
    /// both with the friendly name `name`, which Windows shows) and the CA
    /// certificate `authority`.
    public static func make(_ issued: IssuedCertificate, authority: Certificate, name: String, password: String,
                            encryption: Encryption) throws -> [UInt8] {
        let key = try privateKey(issued.privateKey)
        defer { EVP_PKEY_free(key) }
        let certificate = try x509(issued.certificate)
        defer { X509_free(certificate) }
        let caCertificate = try x509(authority)
        defer { X509_free(caCertificate) }
        guard let chain = OPENSSL_sk_new_null() else { throw failure("OPENSSL_sk_new_null") }
        defer { OPENSSL_sk_free(chain) }
        guard OPENSSL_sk_push(chain, UnsafeRawPointer(caCertificate)) > 0 else { throw failure("OPENSSL_sk_push") }

        // mac_iter -1: no MAC here; PKCS12_set_mac adds it with the digest chosen above.
        guard let p12 = PKCS12_create_ex(password, name, key, certificate, chain, encryption.bagAlgorithm, encryption.bagAlgorithm,
                                         iterations, -1, 0, nil, nil) else {
            throw failure("PKCS12_create_ex")
        }
        defer { PKCS12_free(p12) }
        guard PKCS12_set_mac(p12, password, -1, nil, 0, iterations, encryption.macDigest) == 1 else { throw failure("PKCS12_set_mac") }
        var output: UnsafeMutablePointer<UInt8>?
        let length = i2d_PKCS12(p12, &output)
        guard length > 0, let output else { throw failure("i2d_PKCS12") }
        defer { CRYPTO_free(output, #fileID, #line) }
        return Array(UnsafeBufferPointer(start: output, count: Int(length)))
    }

    /// A password for a PKCS#12 file nobody chose: 20 characters from an
    /// alphabet without look-alikes (no 0/O, 1/l/I), about 115 bits.
    public static func generatePassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var random = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(random.next(upperBound: UInt64(alphabet.count)))] })
    }

    private static func privateKey(_ key: Certificate.PrivateKey) throws -> OpaquePointer {
        let der = try key.serializeAsPEM().derBytes
        return try der.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let key = d2i_AutoPrivateKey(nil, &cursor, buffer.count) else { throw failure("d2i_AutoPrivateKey") }
            return key
        }
    }

    private static func x509(_ certificate: Certificate) throws -> OpaquePointer {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return try serializer.serializedBytes.withUnsafeBufferPointer { buffer in
            var cursor = buffer.baseAddress
            guard let x509 = d2i_X509(nil, &cursor, buffer.count) else { throw failure("d2i_X509") }
            return x509
        }
    }

    /// libcrypto's last reason, and its error queue cleared so that it
    /// cannot be blamed for a later failure.
    private static func failure(_ call: String) -> PKIFiles.Failure {
        let reason = ERR_reason_error_string(ERR_peek_last_error()).map { String(cString: $0) } ?? "no reason given"
        ERR_clear_error()
        return PKIFiles.Failure(description: "cannot build the PKCS#12 file: \(call) failed (\(reason))")
    }
}
