/// Lower-case hex for logs and diagnostics.
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
}
