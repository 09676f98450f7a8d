/// An IPv6 address, as carried in ID, TS and CP data.
public struct IPv6Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The upper 64 bits, in host byte order.
    public var high: UInt64
    /// The lower 64 bits, in host byte order.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Reads sixteen octets in network order; nil unless exactly sixteen are given.
    public init?<C: Collection<UInt8>>(bytes: C) {
        guard bytes.count == 16 else { return nil }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// Parses RFC 4291 §2.2 text ("2001:db8::1"), including an embedded IPv4 tail.
    public init?(_ text: some StringProtocol) {
        let parts: [Substring]
        if let range = text.firstRange(of: "::") {
            parts = [Substring(text[..<range.lowerBound]), Substring(text[range.upperBound...])]
            guard parts[1].firstRange(of: "::") == nil else { return nil }
        } else {
            parts = [Substring(text)]
        }
        func groups(_ piece: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
            if piece.isEmpty { return [] }
            var result: [UInt16] = []
            let fields = piece.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if allowIPv4Tail, index == fields.count - 1, field.contains(".") {
                    guard let v4 = IPv4Address(field) else { return nil }
                    result.append(UInt16(truncatingIfNeeded: v4.rawValue >> 16))
                    result.append(UInt16(truncatingIfNeeded: v4.rawValue))
                } else {
                    guard (1...4).contains(field.count), let group = UInt16(field, radix: 16) else { return nil }
                    result.append(group)
                }
            }
            return result
        }
        var all: [UInt16]
        if parts.count == 2 {
            guard let head = groups(parts[0], allowIPv4Tail: false),
                  let tail = groups(parts[1], allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let only = groups(parts[0], allowIPv4Tail: true), only.count == 8 else { return nil }
            all = only
        }
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, group) in all.enumerated() {
            if index < 4 { high = high << 16 | UInt64(group) } else { low = low << 16 | UInt64(group) }
        }
        self.init(high: high, low: low)
    }

    /// The sixteen octets in network order.
    public var bytes: [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { result.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return result
    }

    /// `::`, the start of the full IPv6 range in a traffic selector.
    public static let any = IPv6Address(high: 0, low: 0)

    /// Whether the address is link-local, fe80::/10 (RFC 4291 §2.5.6).
    public var isLinkLocal: Bool { high >> 54 == 0x3FA }
    /// `ffff:…:ffff`, the end of the full IPv6 range.
    public static let allOnes = IPv6Address(high: .max, low: .max)

    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// RFC 5952 text: lower case, leading zeros dropped, the longest run of two
    /// or more zero groups (the first if tied) shortened to "::".
    public var description: String {
        let groups = (0..<8).map { index -> UInt16 in
            let word = index < 4 ? high : low
            return UInt16(truncatingIfNeeded: word >> UInt64(48 - 16 * (index % 4)))
        }
        var bestStart = -1, bestLength = 0, runStart = -1
        for index in 0...8 {
            if index < 8, groups[index] == 0 {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if index - runStart > bestLength { bestStart = runStart; bestLength = index - runStart }
                runStart = -1
            }
        }
        if bestLength < 2 { bestStart = -1 }
        var text = ""
        var index = 0
        while index < 8 {
            if index == bestStart {
                text += "::"
                index += bestLength
                continue
            }
            if !text.isEmpty, !text.hasSuffix(":") { text += ":" }
            text += String(groups[index], radix: 16)
            index += 1
        }
        return text
    }
}
