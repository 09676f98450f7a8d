/// One problem in a configuration or secrets file, located precisely enough
/// to fix it: the file, the line, the key path, what is wrong and what would
/// be valid (DESIGN §4).
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file's path as given.
    public let file: String
    /// The line, when the problem is tied to one.
    public let line: Int?
    /// The dotted key path, e.g. `pools.0.range`.
    public let keyPath: String
    /// What is wrong, and what would be valid.
    public let message: String

    public init(file: String, line: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Every problem found in a file; reading does not stop at the first one.
public struct ConfigurationErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, in file order.
    public let errors: [ConfigurationError]

    public init(errors: [ConfigurationError]) {
        self.errors = errors
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
