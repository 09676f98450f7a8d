import Credentials

/// The search filter that finds a user's entry, from a template such as
/// `(uid={user})`, `(sAMAccountName={user})` or
/// `(&(objectClass=person)(userPrincipalName={user}@corp.example))`.
///
/// The user name is always placed as an escaped assertion value (RFC 4515
/// §3), so `*)(uid=*` looks for that literal name and matches nobody.
public struct UserFilterTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The placeholder each occurrence of which becomes the escaped name.
    public static let placeholder = "{user}"

    public let template: String

    /// Why a template cannot be used.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missingPlaceholder
        case notParenthesized
        case unbalancedParentheses

        public var description: String {
            switch self {
            case .missingPlaceholder: "the user filter must contain \(UserFilterTemplate.placeholder)"
            case .notParenthesized: "the user filter must be one parenthesised filter, e.g. (uid={user}) (RFC 4515 §3)"
            case .unbalancedParentheses: "the user filter's parentheses do not balance"
            }
        }
    }

    public init(_ template: String) throws(Problem) {
        guard template.contains(Self.placeholder) else { throw .missingPlaceholder }
        guard template.first == "(", template.last == ")" else { throw .notParenthesized }
        // Escaped parentheses in the template are written \28 and \29
        // (RFC 4515 §3), so every literal one is structure.
        var depth = 0
        for (index, character) in template.enumerated() {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            // One filter: the outer parentheses close only at the end.
            if depth < 0 || (depth == 0 && index < template.count - 1) { throw .unbalancedParentheses }
        }
        guard depth == 0 else { throw .unbalancedParentheses }
        self.template = template
    }

    /// The filter for `userName`, escaped per RFC 4515.
    public func filter(for userName: String) -> String {
        template.replacing(Self.placeholder, with: LDAPEscaping.filterValue(userName))
    }

    public var description: String { template }
}
