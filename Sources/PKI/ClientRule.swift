/// An authorisation rule for certificate clients: the first rule whose
/// patterns all match a verified certificate decides whether it is admitted.
/// Without rules every certificate that verifies is admitted.
public struct ClientRule: Sendable, Hashable {
    /// Glob over the subject as `ClientCertificateVerifier` prints it
    /// (`CN=laptop1.corp.example.com,O=Example`); nil matches any.
    public var subject: String?
    /// Glob that at least one subjectAltName (DNS name, e-mail address or
    /// IP address as text) must match; nil matches any.
    public var alternativeName: String?
    /// Admit (true) or refuse (false) what matches.
    public var admit: Bool
    /// The named address pool admitted clients draw from; nil for the default.
    public var pool: String?

    public init(subject: String? = nil, alternativeName: String? = nil, admit: Bool = true, pool: String? = nil) {
        self.subject = subject
        self.alternativeName = alternativeName
        self.admit = admit
        self.pool = pool
    }

    public var description: String {
        let patterns = [subject.map { "subject \($0)" }, alternativeName.map { "san \($0)" }].compactMap { $0 }
        return "\(admit ? "allow" : "deny") \(patterns.isEmpty ? "any" : patterns.joined(separator: ", "))"
            + (pool.map { " pool \($0)" } ?? "")
    }

    public func matches(subject text: String, alternativeNames: [String]) -> Bool {
        if let subject, !Glob.matches(subject, text) { return false }
        if let alternativeName, !alternativeNames.contains(where: { Glob.matches(alternativeName, $0) }) { return false }
        return true
    }
}
