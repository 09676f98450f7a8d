/// Escaping of values placed into LDAP filters and distinguished names,
/// so that a user name is only ever a value: `*)(uid=*` must match nobody
/// rather than everybody.
public enum LDAPEscaping {
    /// A value for an LDAP search filter (RFC 4515 §3): `*`, `(`, `)`, `\`
    /// and NUL must be written as `\` and two hex digits; other control
    /// characters are escaped the same way, which the grammar allows for
    /// any octet, so nothing unprintable reaches a server or a log as is.
    /// UTF-8 beyond ASCII passes unchanged, as RFC 4515 allows.
    public static func filterValue(_ value: String) -> String {
        var octets: [UInt8] = []
        octets.reserveCapacity(value.utf8.count)
        for octet in value.utf8 {
            switch octet {
            case UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "\\"), 0..<0x20, 0x7F:
                octets.append(UInt8(ascii: "\\"))
                octets += hex(octet)
            default:
                octets.append(octet)
            }
        }
        return String(decoding: octets, as: UTF8.self)
    }

    /// An attribute value for a distinguished name, such as the user's
    /// bind DN built from a template (RFC 4514 §2.4): `"`, `+`, `,`, `;`,
    /// `<`, `>` and `\` are preceded by `\`, as are a leading space or `#`
    /// and a trailing space; NUL and other control characters are written
    /// as `\` and two hex digits.
    public static func distinguishedNameValue(_ value: String) -> String {
        let input = Array(value.utf8)
        var octets: [UInt8] = []
        octets.reserveCapacity(input.count)
        for (index, octet) in input.enumerated() {
            switch octet {
            case UInt8(ascii: "\""), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                 UInt8(ascii: "\\"):
                octets += [UInt8(ascii: "\\"), octet]
            case UInt8(ascii: " ") where index == 0 || index == input.count - 1, UInt8(ascii: "#") where index == 0:
                octets += [UInt8(ascii: "\\"), octet]
            case 0..<0x20, 0x7F:
                octets.append(UInt8(ascii: "\\"))
                octets += hex(octet)
            default:
                octets.append(octet)
            }
        }
        return String(decoding: octets, as: UTF8.self)
    }

    private static func hex(_ octet: UInt8) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return [digits[Int(octet >> 4)], digits[Int(octet & 0xF)]]
    }
}
