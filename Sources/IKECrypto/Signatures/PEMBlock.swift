import IKEWire
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
                  let der = Base64.decode(bytes[(beginIndex + begin.count)..<endIndex]) else { return nil }
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
}
