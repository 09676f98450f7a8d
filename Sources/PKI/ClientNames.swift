import X509

/// The subjectAltNames of a client certificate, from the name it is
/// issued for and an optional e-mail address.
///
/// - A host name (two or more labels of letters, digits and hyphens,
///   RFC 1123 §2.1, the last not all digits) is a machine: Windows
///   authenticates a machine certificate as the computer's FQDN, so the
///   name becomes a dNSName.
/// - An e-mail address (`local@host.name`) is a user: an rfc822Name
///   (RFC 5280 §4.2.1.6), as is `--email`.
/// - Anything else (a bare user name like `alice`) is only the subject's
///   common name.
struct ClientNames {
    let subjectAlternativeNames: [GeneralName]

    init(name: String, email: String?) throws {
        guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw PKIFiles.Failure(description: "a certificate name must be non-empty text without control characters")
        }
        var names: [GeneralName] = []
        if Self.isHostName(name) { names.append(.dnsName(name)) }
        if Self.isEmailAddress(name) { names.append(.rfc822Name(name)) }
        if let email {
            guard Self.isEmailAddress(email) else { throw PKIFiles.Failure(description: "\(email) is not an e-mail address (user@host.name)") }
            if email.lowercased() != name.lowercased() { names.append(.rfc822Name(email)) }
        }
        subjectAlternativeNames = names
    }

    static func isHostName(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.utf8.count <= 253, let last = labels.last, !last.allSatisfy(\.isASCIIDigit) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    static func isEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[0].contains(where: \.isWhitespace) && isHostName(String(parts[1]))
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
