import IKECrypto
import IKEWire

/// Reads an NT password hash as directories store it: Samba's
/// `sambaNTPassword` holds the 16-octet MD4 of the UTF-16LE password as 32
/// hexadecimal digits (upper case by Samba's tools; either case accepted).
public enum NTHashValue {
    /// The 16 octets, or nil if `text` is not exactly 32 hex digits.
    public static func parse(_ text: [UInt8]) -> SecretBytes? {
        guard text.count == 32, let octets = Hex.bytes(utf8: text) else { return nil }
        return SecretBytes(octets)
    }
}
