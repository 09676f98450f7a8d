import IKECrypto

/// Reads an NT password hash as directories store it: Samba's
/// `sambaNTPassword` holds the 16-octet MD4 of the UTF-16LE password as 32
/// hexadecimal digits (upper case by Samba's tools; either case accepted).
public enum NTHashValue {
    /// The 16 octets, or nil if `text` is not exactly 32 hex digits.
    public static func parse(_ text: [UInt8]) -> SecretBytes? {
        guard text.count == 32 else { return nil }
        var octets = [UInt8](repeating: 0, count: 16)
        for index in 0..<16 {
            guard let high = nibble(text[2 * index]), let low = nibble(text[2 * index + 1]) else { return nil }
            octets[index] = high << 4 | low
        }
        return SecretBytes(octets)
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
