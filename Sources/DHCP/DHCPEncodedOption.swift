/// One option of a reply, encoded once when the responder is built and
/// copied into every reply that asks for it.
///
/// Data over 255 octets is split into several instances of the same code
/// (RFC 3396 §5, "long options"), which a client concatenates. The split
/// falls between elements, never inside one: between routes for 121 and
/// 249, between addresses for 6 and 44, between names for 119. Each instance
/// is then a valid option on its own, so a client that never heard of
/// RFC 3396 and reads each instance separately still gets whole routes,
/// rather than a route cut in two that it would reject along with the rest.
struct DHCPEncodedOption {
    let code: DHCPOptionCode
    /// Each at most 255 octets, in order.
    let segments: [[UInt8]]

    /// nil when there is nothing to send: an option needs at least one octet
    /// of data for every code this responder sends.
    init?(code: DHCPOptionCode, elements: [[UInt8]]) {
        guard !elements.isEmpty else { return nil }
        var segments: [[UInt8]] = [[]]
        for element in elements {
            precondition(!element.isEmpty && element.count <= 255, "option \(code) element of \(element.count) octets")
            if segments[segments.count - 1].count + element.count > 255 { segments.append([]) }
            segments[segments.count - 1] += element
        }
        self.code = code
        self.segments = segments
    }

    /// Octets in the options field: code and length per instance, then data.
    var wireSize: Int { segments.reduce(0) { $0 + 2 + $1.count } }

    func write(to bytes: inout [UInt8]) {
        for segment in segments {
            bytes.append(code.rawValue)
            bytes.append(UInt8(segment.count))
            bytes += segment
        }
    }
}
