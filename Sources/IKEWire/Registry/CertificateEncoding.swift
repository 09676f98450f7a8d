/// CERT and CERTREQ encodings (RFC 7296 §3.6, IANA "IKEv2 Certificate Encodings").
public struct CertificateEncoding: IKERegistryValue {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// X.509 Certificate – Signature: a DER certificate; in CERTREQ, a list of
    /// SHA-1 hashes of trusted CAs' public keys.
    public static let x509Signature = CertificateEncoding(rawValue: 4)
    /// Certificate Revocation List (CRL).
    public static let crl = CertificateEncoding(rawValue: 7)
    /// Hash and URL of X.509 certificate.
    public static let hashAndURLOfX509Certificate = CertificateEncoding(rawValue: 12)
    /// Hash and URL of X.509 bundle.
    public static let hashAndURLOfX509Bundle = CertificateEncoding(rawValue: 13)

    public static let registeredNames: [UInt8: String] = [
        1: "PKCS7_WRAPPED_X509", 2: "PGP", 3: "DNS_SIGNED_KEY", 4: "X509_SIGNATURE",
        6: "KERBEROS_TOKEN", 7: "CRL", 8: "ARL", 9: "SPKI", 10: "X509_ATTRIBUTE",
        11: "RAW_RSA_KEY", 12: "HASH_URL_X509_CERT", 13: "HASH_URL_X509_BUNDLE",
        14: "OCSP_CONTENT", 15: "RAW_PUBLIC_KEY",
    ]
    public static let unnamedPrefix = "CERT"
}
