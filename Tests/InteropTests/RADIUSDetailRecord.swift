/// One record of FreeRADIUS's accounting detail file (rlm_detail): a header
/// line with the time, then one "\tName = Value" line per attribute, with
/// string values quoted, enumerations by name and octets as 0x hex; a blank
/// line ends each record.
struct RADIUSDetailRecord {
    let attributes: [(name: String, value: String)]

    static func parse(_ text: String) -> [RADIUSDetailRecord] {
        text.components(separatedBy: "\n\n").compactMap { block in
            let attributes = block.split(separator: "\n").compactMap { line -> (name: String, value: String)? in
                guard line.hasPrefix("\t"), let separator = line.range(of: " = ") else { return nil }
                let name = line[line.index(after: line.startIndex)..<separator.lowerBound]
                var value = line[separator.upperBound...]
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
                return (String(name), String(value))
            }
            return attributes.isEmpty ? nil : RADIUSDetailRecord(attributes: attributes)
        }
    }

    /// The first value of the attribute `name`.
    subscript(name: String) -> String? { attributes.first { $0.name == name }?.value }

    func number(_ name: String) -> UInt64? { self[name].flatMap { UInt64($0) } }

    /// Start, Interim-Update, Stop, Accounting-On, Accounting-Off (RFC 2866 §5.1).
    var statusType: String? { self["Acct-Status-Type"] }

    /// Acct-Input-Octets or Acct-Output-Octets ("Input", "Output") with their
    /// Gigawords as the high 32 bits (RFC 2869 §5.1, §5.2).
    func octets(_ direction: String) -> UInt64? {
        guard let low = number("Acct-\(direction)-Octets") else { return nil }
        return low + ((number("Acct-\(direction)-Gigawords") ?? 0) << 32)
    }
}
