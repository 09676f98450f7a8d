import IKECrypto

/// An ESP cipher without integrity (XFRMA_ALG_CRYPT, struct xfrm_algo): the
/// kernel's crypto API name and the key.
public struct XFRMEncryption: Sendable, Equatable, CustomStringConvertible {
    /// The Linux crypto API name, e.g. `cbc(aes)`.
    public let name: String
    /// The key; wiped when the last copy is released, never printed.
    public let key: SecretBytes

    /// Any algorithm the kernel knows by `name`; the named constructors below
    /// also check the key length.
    public init(name: String, key: SecretBytes) throws(XFRMError) {
        try validateAlgorithm(name: name, key: key)
        self.name = name
        self.key = key
    }

    /// AES-CBC with a 128-, 192- or 256-bit key (RFC 3602).
    public static func aesCBC(key: SecretBytes) throws(XFRMError) -> XFRMEncryption {
        guard [16, 24, 32].contains(key.count) else { throw .invalidArgument("AES-CBC key of \(key.count) octets") }
        return try XFRMEncryption(name: "cbc(aes)", key: key)
    }

    /// 3DES-CBC with its 192-bit key (RFC 2451).
    public static func tripleDESCBC(key: SecretBytes) throws(XFRMError) -> XFRMEncryption {
        guard key.count == 24 else { throw .invalidArgument("3DES key of \(key.count) octets") }
        return try XFRMEncryption(name: "cbc(des3_ede)", key: key)
    }

    public var description: String { "\(name) (\(key.count * 8)-bit key)" }
}

/// The kernel copies `alg_name` into a 64-octet array and requires it to be
/// NUL-terminated there (verify_one_alg in net/xfrm/xfrm_user.c), so names
/// have at most 63 octets. `nla_len` is 16 bits, which bounds the key.
func validateAlgorithm(name: String, key: SecretBytes) throws(XFRMError) {
    let octets = Array(name.utf8)
    guard !octets.isEmpty, octets.count < XFRMLayout.algorithmNameSize,
          octets.allSatisfy({ (0x21...0x7E).contains($0) }) else {
        throw .invalidArgument("algorithm name \"\(name)\" (1 to 63 printable ASCII octets)")
    }
    guard key.count <= XFRMLayout.maximumKeyLength else {
        throw .invalidArgument("\(name) key of \(key.count) octets")
    }
}
