/// Extracts the DER inside PEM blocks (RFC 7468) without OpenSSL's PEM
/// reader, which goes through the slow decoder framework.
public enum PEMBlock {
    /// The decoded contents of the first block with the given label
    /// ("PUBLIC KEY"), or `nil` if there is none or its base64 is invalid.
    /// Text outside the block is ignored, as RFC 7468 §2 allows.
    public static func der(label: String, in text: String) -> [UInt8]? {
        all(label: label, in: text)?.first
    }

    /// The decoded contents of every block with the given label, in order
    /// (a certificate chain: "CERTIFICATE"); nil if any block's base64 is
    /// invalid, empty if there is none.
    public static func all(label: String, in text: String) -> [[UInt8]]? {
        // Byte-wise search: String's Character-based searching costs tens of
        // microseconds for a key-sized input.
        let bytes = Array(text.utf8)
        let begin = Array("-----BEGIN \(label)-----".utf8)
        let end = Array("-----END \(label)-----".utf8)
        var blocks: [[UInt8]] = []
        var position = 0
        while let beginIndex = firstIndex(of: begin, in: bytes, from: position) {
            guard let endIndex = firstIndex(of: end, in: bytes, from: beginIndex + begin.count),
                  let der = base64Decode(bytes[(beginIndex + begin.count)..<endIndex]) else { return nil }
            blocks.append(der)
            position = endIndex + end.count
        }
        return blocks
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }

    /// Strict base64 (RFC 4648 §4) with whitespace allowed between characters.
    static func base64Decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var count = 0
        var padding = 0
        for byte in text {
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            case UInt8(ascii: "="):
                padding += 1
                guard padding <= 2 else { return nil }
                value = 0
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                continue
            default:
                return nil
            }
            // Nothing but more padding may follow padding.
            if padding > 0 && byte != UInt8(ascii: "=") { return nil }
            accumulator = accumulator << 6 | value
            count += 1
            if count == 4 {
                output.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                if padding < 2 { output.append(UInt8(truncatingIfNeeded: accumulator >> 8)) }
                if padding < 1 { output.append(UInt8(truncatingIfNeeded: accumulator)) }
                accumulator = 0
                count = 0
            }
        }
        return count == 0 && !output.isEmpty ? output : nil
    }
}
