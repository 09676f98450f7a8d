import Testing

/// Decodes hexadecimal test data, ignoring whitespace so vectors can be laid
/// out as in the RFC text. Fails the running test on malformed input.
func hex(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    guard digits.count % 2 == 0 else {
        Issue.record("odd number of hex digits", sourceLocation: sourceLocation)
        return []
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            Issue.record("invalid hex digits \(digits[index..<next])", sourceLocation: sourceLocation)
            return []
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

extension Array where Element == UInt8 {
    /// Lower-case hex, for readable failure messages.
    var hexString: String { map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }
}
