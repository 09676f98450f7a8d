extension IdentificationPayload {
    /// The identity as text for logs: addresses and names as such, other
    /// types (a DER distinguished name needs an ASN.1 decoder, which this
    /// layer does not have) by their size. Control characters in names are
    /// escaped, since the peer chose them.
    public var dataDescription: String {
        switch type {
        case .ipv4Address: IPv4Address(bytes: data).map(\.description) ?? "(malformed)"
        case .ipv6Address: IPv6Address(bytes: data).map(\.description) ?? "(malformed)"
        case .fqdn, .rfc822Address:
            String(decoding: data, as: UTF8.self).unicodeScalars.map {
                $0.value < 0x20 || $0.value == 0x7F ? "\\x" + String($0.value, radix: 16) : String($0)
            }.joined()
        default: "\(data.count) octets"
        }
    }
}
