/// Decodes hexadecimal test data, ignoring whitespace so vectors can be laid
/// out as in their source documents. Malformed text is a bug in the test
/// itself, so it stops the run.
public func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits in test data")
    var bytes: [UInt8] = []
    bytes.reserveCapacity(digits.count / 2)
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("invalid hex digits in test data: \(digits[index..<next])")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// The bytes of an ASCII string, for vectors given as text.
public func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }

extension Array where Element == UInt8 {
    /// Parses hex test data; see ``hex(_:)``.
    public init(hex text: String) { self = TestSupport.hex(text) }

    /// Lower-case hex, for fixtures and readable failure messages.
    public var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}
