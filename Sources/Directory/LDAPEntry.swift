/// One entry from a search (RFC 4511 §4.5.2, SearchResultEntry): its DN and
/// the values of the attributes that were asked for.
public struct LDAPEntry: Sendable {
    public let distinguishedName: String
    /// Values by attribute name as asked for; attributes the entry lacks,
    /// or the service account may not read, are absent.
    public let attributes: [String: [[UInt8]]]

    public init(distinguishedName: String, attributes: [String: [[UInt8]]]) {
        self.distinguishedName = distinguishedName
        self.attributes = attributes
    }

    /// The values of `attribute`, compared without regard to case as
    /// attribute descriptions are (RFC 4512 §2.5).
    public func values(_ attribute: String) -> [[UInt8]] {
        if let values = attributes[attribute] { return values }
        let lowered = attribute.lowercased()
        return attributes.first { $0.key.lowercased() == lowered }?.value ?? []
    }
}
