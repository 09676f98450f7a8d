/// Turns the name a client typed into the key used to look up its
/// credentials: `CORP\alice` and `alice@corp.example.com` become `alice`.
///
/// Only the look-up uses the normalised name. MSCHAPv2 itself hashes the
/// Name as sent with only a `DOMAIN\` prefix removed (RFC 2759 §8.2), and
/// the IKE identity is never the user name.
public struct UserNameNormalizer: Sendable, Hashable {
    /// Remove everything up to and including the first backslash.
    public var stripDomain = true
    /// Remove an `@realm` suffix.
    public var stripRealm = true
    /// Compare case-insensitively, as Windows and Active Directory do.
    public var lowercase = true

    public init(stripDomain: Bool = true, stripRealm: Bool = true, lowercase: Bool = true) {
        self.stripDomain = stripDomain
        self.stripRealm = stripRealm
        self.lowercase = lowercase
    }

    public func normalize(_ name: String) -> String {
        var result = Substring(name)
        if stripDomain, let backslash = result.firstIndex(of: "\\") {
            result = result[result.index(after: backslash)...]
        }
        if stripRealm, let at = result.lastIndex(of: "@") {
            result = result[..<at]
        }
        return lowercase ? result.lowercased() : String(result)
    }
}
