/// CRLReason (RFC 5280 §5.3.1), the value of a CRL entry's reasonCode
/// extension. An open set: a value this code has no name for (7 is
/// unassigned) survives parsing and prints as `reason(7)`.
public struct RevocationReason: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    public static let unspecified = Self(rawValue: 0)
    public static let keyCompromise = Self(rawValue: 1)
    public static let cACompromise = Self(rawValue: 2)
    public static let affiliationChanged = Self(rawValue: 3)
    public static let superseded = Self(rawValue: 4)
    public static let cessationOfOperation = Self(rawValue: 5)
    public static let certificateHold = Self(rawValue: 6)
    public static let removeFromCRL = Self(rawValue: 8)
    public static let privilegeWithdrawn = Self(rawValue: 9)
    public static let aACompromise = Self(rawValue: 10)

    /// The names RFC 5280 gives, which openssl uses too.
    private static let names: [(Self, String)] = [
        (.unspecified, "unspecified"), (.keyCompromise, "keyCompromise"), (.cACompromise, "cACompromise"),
        (.affiliationChanged, "affiliationChanged"), (.superseded, "superseded"), (.cessationOfOperation, "cessationOfOperation"),
        (.certificateHold, "certificateHold"), (.removeFromCRL, "removeFromCRL"), (.privilegeWithdrawn, "privilegeWithdrawn"),
        (.aACompromise, "aACompromise"),
    ]

    /// What `gatehouse pki revoke --reason` accepts: a hold could only be
    /// lifted with a delta CRL's removeFromCRL, and aACompromise concerns
    /// attribute certificates, so neither applies to a revocation here.
    public static let selectable: [Self] = [
        .unspecified, .keyCompromise, .cACompromise, .affiliationChanged, .superseded, .cessationOfOperation, .privilegeWithdrawn,
    ]

    /// The reason called `name` (any case), or nil.
    public init?(name: String) {
        guard let match = Self.names.first(where: { $0.1.lowercased() == name.lowercased() }) else { return nil }
        self = match.0
    }

    public var description: String {
        Self.names.first { $0.0 == self }?.1 ?? "reason(\(rawValue))"
    }
}
