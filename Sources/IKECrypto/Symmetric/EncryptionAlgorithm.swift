/// An encryption transform (transform type 1, RFC 7296 §3.3.2) for IKE SAs
/// and ESP.
public enum EncryptionAlgorithm: Hashable, Sendable {
    /// ENCR_3DES (ID 3, RFC 2451): three-key Triple DES in CBC mode.
    case tripleDESCBC
    /// ENCR_AES_CBC (ID 12, RFC 3602), with its Key Length attribute.
    case aesCBC(AESKeyLength)
    /// ENCR_AES_GCM_8/12/16 (IDs 18/19/20, RFC 4106 for ESP, RFC 5282 for IKEv2).
    case aesGCM(AESKeyLength, icv: GCMICVLength)
    /// ENCR_CHACHA20_POLY1305 (ID 28, RFC 7634).
    case chaCha20Poly1305

    /// Decodes a transform from its ID and optional Key Length attribute.
    ///
    /// AES transforms require the attribute, since their key length varies;
    /// 3DES and ChaCha20-Poly1305 have fixed-length keys, for which RFC 7296
    /// §3.3.5 says the attribute MUST NOT be used (for ChaCha20-Poly1305 see
    /// RFC 7634 §4 and its erratum 5441). A transform that breaks these rules
    /// is not one we understand, so it yields nil.
    public init?(transformID: UInt16, keyLengthBits: UInt16?) {
        switch transformID {
        case 3:
            guard keyLengthBits == nil else { return nil }
            self = .tripleDESCBC
        case 12:
            guard let bits = keyLengthBits, let length = AESKeyLength(rawValue: bits) else { return nil }
            self = .aesCBC(length)
        case 18, 19, 20:
            guard let bits = keyLengthBits, let length = AESKeyLength(rawValue: bits),
                  let icv = GCMICVLength.allCases.first(where: { $0.transformID == transformID })
            else { return nil }
            self = .aesGCM(length, icv: icv)
        case 28:
            guard keyLengthBits == nil else { return nil }
            self = .chaCha20Poly1305
        default:
            return nil
        }
    }

    /// The IANA encryption transform ID.
    public var transformID: UInt16 {
        switch self {
        case .tripleDESCBC: 3
        case .aesCBC: 12
        case .aesGCM(_, let icv): icv.transformID
        case .chaCha20Poly1305: 28
        }
    }

    /// The Key Length attribute value in bits, or nil where none is sent.
    public var keyLengthAttribute: UInt16? {
        switch self {
        case .tripleDESCBC, .chaCha20Poly1305: nil
        case .aesCBC(let length), .aesGCM(let length, _): length.rawValue
        }
    }

    /// Bytes of keying material taken from prf+ for one key (SK_ei/SK_er,
    /// RFC 7296 §2.14; ESP keys, §2.17).
    ///
    /// For the AEADs this includes the 4-byte salt that follows the cipher
    /// key (RFC 4106 §8.1, RFC 5282 §7.1, RFC 7634 §2 and §4).
    public var keySize: Int {
        switch self {
        case .tripleDESCBC: 24
        case .aesCBC(let length): length.byteCount
        case .aesGCM(let length, _): length.byteCount + 4
        case .chaCha20Poly1305: 32 + 4
        }
    }

    /// The cipher key length, without the AEAD salt.
    public var cipherKeySize: Int { keySize - saltSize }

    /// The AEAD salt length (the implicit part of the nonce), 0 for CBC.
    public var saltSize: Int { isAEAD ? 4 : 0 }

    /// The length of the explicit IV sent in every message: the cipher block
    /// for CBC (RFC 2451 §3, RFC 3602 §2.1), 8 bytes for the AEADs
    /// (RFC 4106 §3.1, RFC 5282 §3, RFC 7634 §2).
    public var ivSize: Int {
        switch self {
        case .tripleDESCBC: 8
        case .aesCBC: 16
        case .aesGCM, .chaCha20Poly1305: 8
        }
    }

    /// The alignment the padded plaintext must have.
    ///
    /// CBC needs whole cipher blocks, both in the IKE SK payload (RFC 7296
    /// §3.14) and in ESP (RFC 4303 §2.4): 8 for 3DES, 16 for AES. GCM and
    /// ChaCha20-Poly1305 are stream modes: IKE imposes no alignment on them
    /// (RFC 5282 §3 lets the sender choose any padding), but ESP requires the
    /// Pad Length and Next Header fields to end on a 4-byte boundary
    /// (RFC 4303 §2.4, RFC 4106 §3.2, RFC 7634 §2), so 4 serves both.
    public var blockSize: Int {
        switch self {
        case .tripleDESCBC: 8
        case .aesCBC: 16
        case .aesGCM, .chaCha20Poly1305: 4
        }
    }

    /// The ICV that the cipher appends: 0 for CBC (a separate integrity
    /// transform authenticates), the tag length for the AEADs.
    public var icvSize: Int {
        switch self {
        case .tripleDESCBC, .aesCBC: 0
        case .aesGCM(_, let icv): icv.rawValue
        case .chaCha20Poly1305: 16
        }
    }

    /// Whether the transform is a combined-mode (AEAD) cipher, which must be
    /// negotiated without an integrity transform (RFC 7296 §3.3).
    public var isAEAD: Bool {
        switch self {
        case .tripleDESCBC, .aesCBC: false
        case .aesGCM, .chaCha20Poly1305: true
        }
    }

    /// The OpenSSL implementation.
    var implementation: FetchedAlgorithm {
        switch self {
        case .tripleDESCBC: .desEDE3CBC
        case .aesCBC(.bits128): .aes128CBC
        case .aesCBC(.bits192): .aes192CBC
        case .aesCBC(.bits256): .aes256CBC
        case .aesGCM(.bits128, _): .aes128GCM
        case .aesGCM(.bits192, _): .aes192GCM
        case .aesGCM(.bits256, _): .aes256GCM
        case .chaCha20Poly1305: .chaCha20Poly1305
        }
    }
}
