/// DNS names as DHCP carries them: validated text for option 15, and the
/// RFC 1035 wire form with compression for option 119 (RFC 3397).
enum DomainName {
    /// The labels of `name` without a trailing root dot, or nil when it is not
    /// a DNS name we would send: printable ASCII only (option 15 is NVT ASCII,
    /// RFC 2132 §3.17), no empty label, labels of at most 63 octets and at most
    /// 255 octets in wire form (RFC 1035 §2.3.4).
    static func labels(_ name: String) -> [Substring]? {
        let trimmed = name.hasSuffix(".") ? name.dropLast() : Substring(name)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        let labels = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 63 }),
              labels.reduce(1, { $0 + 1 + $1.utf8.count }) <= 255
        else { return nil }
        return labels
    }

    /// Encodes a search list (RFC 3397 §2): each name in RFC 1035 §3.1 form,
    /// compressed with RFC 1035 §4.1.4 pointers whose offsets count from the
    /// first octet of the option data (the concatenated data when the option
    /// is split, RFC 3397 §2 and RFC 3396). Returns one element per name, so
    /// a long option can be split between names.
    ///
    /// Suffixes match case-insensitively, as DNS names compare (RFC 4343).
    /// - Precondition: every name passed ``labels(_:)``.
    static func searchList(_ names: [String]) -> [[UInt8]] {
        var suffixOffsets: [String: Int] = [:]
        var offset = 0
        var encoded: [[UInt8]] = []
        for name in names {
            guard let labels = labels(name) else { preconditionFailure("unvalidated domain name \(name)") }
            var bytes: [UInt8] = []
            var pointer: Int?
            for index in labels.indices {
                let suffix = labels[index...].joined(separator: ".").lowercased()
                if let earlier = suffixOffsets[suffix] {
                    pointer = earlier
                    break
                }
                // Only offsets a 14-bit pointer can reach are worth remembering.
                if offset + bytes.count < 0x4000 { suffixOffsets[suffix] = offset + bytes.count }
                bytes.append(UInt8(labels[index].utf8.count))
                bytes.append(contentsOf: labels[index].utf8)
            }
            if let pointer {
                bytes.append(0xC0 | UInt8(pointer >> 8))
                bytes.append(UInt8(pointer & 0xFF))
            } else {
                bytes.append(0)
            }
            offset += bytes.count
            encoded.append(bytes)
        }
        return encoded
    }
}
