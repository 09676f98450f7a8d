import X509

extension Certificate.SerialNumber {
    /// Uppercase hex, two digits an octet, as openssl prints serials
    /// (`openssl x509 -serial`) and as the PKI folder's records keep them.
    public var hex: String {
        bytes.isEmpty ? "00" : bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined()
    }

    /// A serial written in hex, with or without colons between octets
    /// (both as openssl prints them), or nil.
    public init?(hex text: String) {
        let digits = text.filter { $0 != ":" }
        guard !digits.isEmpty, digits.count <= 42, digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        let nibbles = (digits.count % 2 == 1 ? [0] : []) + digits.compactMap(\.hexDigitValue)
        self.init(bytes: stride(from: 0, to: nibbles.count, by: 2).map { UInt8(nibbles[$0] << 4 | nibbles[$0 + 1]) })
    }
}
