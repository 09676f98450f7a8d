/// How an ESP state protects packets: a cipher with a separate integrity
/// algorithm, or one AEAD algorithm. The kernel refuses both at once
/// (verify_newsa_info in net/xfrm/xfrm_user.c), so the type cannot hold both.
public enum XFRMCipher: Sendable, Equatable, CustomStringConvertible {
    case encryptionAndAuthentication(XFRMEncryption, XFRMAuthentication)
    case aead(XFRMAEAD)

    public var description: String {
        switch self {
        case .encryptionAndAuthentication(let encryption, let authentication): "\(encryption), \(authentication)"
        case .aead(let aead): aead.description
        }
    }
}
