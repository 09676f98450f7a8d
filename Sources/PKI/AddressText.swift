/// Addresses from certificates (iPAddress SANs) and IDi as text for names,
/// rules and logs: dotted IPv4, hexadecimal IPv6 groups, anything else
/// (a malformed SAN) as hex octets, so no length can trap.
enum AddressText {
    static func of(_ octets: [UInt8]) -> String {
        switch octets.count {
        case 4:
            return octets.map(String.init).joined(separator: ".")
        case 16:
            return stride(from: 0, to: 16, by: 2).map { String(UInt16(octets[$0]) << 8 | UInt16(octets[$0 + 1]), radix: 16) }
                .joined(separator: ":")
        default:
            return "0x" + octets.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
