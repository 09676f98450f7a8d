/// `${NAME}` and `${NAME:-default}` in configuration values, so that one
/// mounted file serves every container of a deployment and the values that
/// differ (the name clients dial, server addresses) come from the
/// environment, as in Docker Compose files.
///
/// Only `${` starts a reference; any other `$` is kept, so values written
/// before expansion existed keep their meaning unless they contain `${`.
/// `$${` is a literal `${`. A reference to an unset variable without a
/// default is an error, never an empty string, so a forgotten variable is
/// reported instead of producing an empty identity or address.
public enum EnvironmentExpansion {
    public struct Failure: Error, Equatable {
        public let message: String
    }

    public static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            let after = rest[dollar...].dropFirst()
            if after.hasPrefix("${") {
                result += "${"
                rest = after.dropFirst(2)
            } else if after.hasPrefix("{") {
                guard let close = after.firstIndex(of: "}") else {
                    throw Failure(message: "unterminated '${' (write '$${' for a literal '${')")
                }
                result += try value(of: after[after.index(after: after.startIndex)..<close], environment: environment)
                rest = after[after.index(after: close)...]
            } else {
                result += "$"
                rest = after
            }
        }
        return result + rest
    }

    private static func value(of reference: Substring, environment: [String: String]) throws(Failure) -> String {
        let parts = reference.split(separator: ":-", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic && first.isASCII,
              name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }) else {
            throw Failure(message: "'${\(reference)}' is not a variable reference: expected ${NAME} or ${NAME:-default}")
        }
        if let value = environment[name], !(value.isEmpty && parts.count == 2) {
            guard !value.contains(where: \.isNewline) else {
                throw Failure(message: "environment variable \(name) contains a line break")
            }
            return value
        }
        if parts.count == 2 { return String(parts[1]) }
        throw Failure(message: "environment variable \(name) is not set (write ${\(name):-default} for a default)")
    }
}
