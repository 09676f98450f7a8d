import Foundation

/// Decodes hexadecimal test-vector text; whitespace is ignored so vectors can
/// be laid out as in their source documents. Malformed text is a bug in the
/// test itself, so it stops the test run.
func hex(_ text: String) -> [UInt8] {
    let digits = text.filter { !$0.isWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits in test vector")
    var bytes = [UInt8]()
    bytes.reserveCapacity(digits.count / 2)
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        guard let byte = UInt8(digits[index..<next], radix: 16) else {
            preconditionFailure("invalid hex digits in test vector: \(digits[index..<next])")
        }
        bytes.append(byte)
        index = next
    }
    return bytes
}

/// The bytes of an ASCII string, for vectors given as text.
func ascii(_ text: String) -> [UInt8] { Array(text.utf8) }
