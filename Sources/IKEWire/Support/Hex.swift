/// Hex: lower-case for logs and diagnostics, and the one strict decoder.
public enum Hex {
    /// The octets as hex; beyond `limit` octets, the rest is summarised.
    public static func string(_ bytes: some Collection<UInt8>, limit: Int = .max) -> String {
        var text = ""
        text.reserveCapacity(min(bytes.count, limit) * 2)
        for byte in bytes.prefix(limit) {
            if byte < 16 { text += "0" }
            text += String(byte, radix: 16)
        }
        return bytes.count > limit ? text + "… (\(bytes.count) octets)" : text
    }

    /// A fixed-width integer with all its digits, e.g. an SPI as 16.
    public static func string<T: FixedWidthInteger & UnsignedInteger>(_ value: T) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: T.bitWidth / 4 - digits.count) + digits
    }

    /// The octets `text` spells in hex, two digits each, either case; nil
    /// for an odd count or anything but `0-9`, `a-f`, `A-F` (no sign, no
    /// `0x`, no spaces: unlike `UInt8(_:radix:)`, "+f" and "-0" are not hex).
    public static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        bytes(utf8: text.utf8)
    }

    /// As `bytes(_:)`, for text held as UTF-8 octets.
    public static func bytes(utf8 digits: some Collection<UInt8>) -> [UInt8]? {
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var high: UInt8?
        for digit in digits {
            guard let value = nibble(digit) else { return nil }
            if let first = high {
                out.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return out
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
