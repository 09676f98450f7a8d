/// A RADIUS packet's Code (RFC 2865 §3, RFC 2866 §3, RFC 5997): an open
/// registry, so codes without a name here still decode and print as
/// `Code(40)`.
public struct RADIUSCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// RFC 2865 §4.1.
    public static let accessRequest = RADIUSCode(rawValue: 1)
    /// RFC 2865 §4.2.
    public static let accessAccept = RADIUSCode(rawValue: 2)
    /// RFC 2865 §4.3.
    public static let accessReject = RADIUSCode(rawValue: 3)
    /// RFC 2866 §4.1.
    public static let accountingRequest = RADIUSCode(rawValue: 4)
    /// RFC 2866 §4.2.
    public static let accountingResponse = RADIUSCode(rawValue: 5)
    /// RFC 2865 §4.4.
    public static let accessChallenge = RADIUSCode(rawValue: 11)
    /// RFC 5997 §2 (RFC 2865 §3 lists it as experimental).
    public static let statusServer = RADIUSCode(rawValue: 12)

    /// Whether this is an answer to an Access-Request, which RFC 3579 §3.2
    /// and BlastRADIUS (RFC 9765's motivation) make us require a
    /// Message-Authenticator in.
    public var isAccessResponse: Bool {
        self == .accessAccept || self == .accessReject || self == .accessChallenge
    }

    public var description: String {
        switch self {
        case .accessRequest: "Access-Request"
        case .accessAccept: "Access-Accept"
        case .accessReject: "Access-Reject"
        case .accountingRequest: "Accounting-Request"
        case .accountingResponse: "Accounting-Response"
        case .accessChallenge: "Access-Challenge"
        case .statusServer: "Status-Server"
        default: "Code(\(rawValue))"
        }
    }
}
