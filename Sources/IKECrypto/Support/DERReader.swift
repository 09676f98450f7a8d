/// A strict DER reader for the few structures parsed here (ECDSA-Sig-Value,
/// SubjectPublicKeyInfo): definite lengths in minimal form, no trailing data.
/// Every method returns `nil` on malformed input and never traps.
struct DERReader {
    private let bytes: [UInt8]
    private(set) var index: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.init(bytes, start: 0, end: bytes.count)
    }

    private init(_ bytes: [UInt8], start: Int, end: Int) {
        self.bytes = bytes
        self.index = start
        self.end = end
    }

    var isAtEnd: Bool { index == end }

    /// Reads one element with the given tag and returns its contents.
    mutating func read(tag: UInt8) -> ArraySlice<UInt8>? {
        guard let (contentStart, contentEnd) = readHeader(tag: tag) else { return nil }
        index = contentEnd
        return bytes[contentStart..<contentEnd]
    }

    /// Reads a constructed element (SEQUENCE, context tag) and returns a reader
    /// over its contents.
    mutating func readConstructed(tag: UInt8) -> DERReader? {
        guard let (contentStart, contentEnd) = readHeader(tag: tag) else { return nil }
        index = contentEnd
        return DERReader(bytes, start: contentStart, end: contentEnd)
    }

    /// Reads a non-negative INTEGER in minimal encoding and returns its
    /// magnitude without leading zeros (empty for zero).
    mutating func readUnsignedInteger() -> [UInt8]? {
        guard let content = read(tag: 0x02), let first = content.first else { return nil }
        guard first & 0x80 == 0 else { return nil }  // negative
        if first == 0, content.count > 1, content[content.startIndex + 1] & 0x80 == 0 { return nil }  // non-minimal
        return Array(content.drop(while: { $0 == 0 }))
    }

    private mutating func readHeader(tag: UInt8) -> (Int, Int)? {
        guard index < end, bytes[index] == tag else { return nil }
        var cursor = index + 1
        guard cursor < end else { return nil }
        let first = bytes[cursor]
        cursor += 1
        var length: Int
        if first < 0x80 {
            length = Int(first)
        } else {
            // Long form with one or two length bytes, no leading zero, and only
            // for lengths that do not fit the short form.
            let count = Int(first & 0x7F)
            guard count >= 1, count <= 2, end - cursor >= count, bytes[cursor] != 0 else { return nil }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[cursor])
                cursor += 1
            }
            guard length >= 0x80 else { return nil }
        }
        guard length <= end - cursor else { return nil }
        return (cursor, cursor + length)
    }
}
