import Yams

/// Reads a YAML file into typed values while collecting every error with its
/// line and key path, so that `check-config` can report them all at once.
///
/// Accessors return nil and record an error when a value is missing or of
/// the wrong kind; callers finish reading and then call ``finish()``.
public final class ConfigReader {
    /// The file's path, for messages.
    public let file: String
    /// The problems found so far.
    public private(set) var errors: [ConfigurationError] = []
    /// The document's root, nil if the YAML did not parse.
    public private(set) var root: ConfigValue?
    /// Where `${NAME}` in values is looked up; nil: values are taken as
    /// written (the secrets file, whose passwords may contain anything).
    let environment: [String: String]?

    /// - Parameter environment: expand `${NAME}` and `${NAME:-default}` in
    ///   values from it (see ``EnvironmentExpansion``); nil leaves values as written.
    public init(file: String, text: String, environment: [String: String]? = nil) {
        self.file = file
        self.environment = environment
        do {
            if let node = try Yams.compose(yaml: text) {
                root = ConfigValue(node: node, path: "", reader: self)
            } else {
                record(line: nil, path: "", "the file is empty")
            }
        } catch let error as YamlError {
            record(line: Self.line(of: error), path: "", "not valid YAML: \(error)")
        } catch {
            record(line: nil, path: "", "not valid YAML: \(error)")
        }
    }

    func record(line: Int?, path: String, _ message: String) {
        errors.append(ConfigurationError(file: file, line: line, keyPath: path, message: message))
    }

    /// Throws every recorded error, sorted by line.
    public func finish() throws(ConfigurationErrors) {
        guard errors.isEmpty else {
            throw ConfigurationErrors(errors: errors.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }
}

/// A value at a key path of a YAML document.
public struct ConfigValue {
    let node: Node
    /// The dotted key path of this value.
    public let path: String
    unowned let reader: ConfigReader

    /// The value's line.
    public var line: Int? { node.mark?.line }

    /// Records an error at this value.
    public func fail(_ message: String) {
        reader.record(line: line, path: path, message)
    }

    // MARK: - Structure

    /// The value under `key` in a mapping, or nil (no error) if absent.
    public subscript(key: String) -> ConfigValue? {
        guard case .mapping(let mapping) = node else { return nil }
        for (keyNode, value) in mapping where keyNode.string == key {
            return ConfigValue(node: value, path: child(key), reader: reader)
        }
        return nil
    }

    /// The value under `key`, recording an error if it is missing.
    public func required(_ key: String) -> ConfigValue? {
        if let value = self[key] { return value }
        guard isMapping else { return nil }
        fail("missing required key '\(key)'")
        return nil
    }

    /// Records an error for every key not in `allowed`, naming the valid ones.
    public func allowKeys(_ allowed: Set<String>) {
        guard case .mapping(let mapping) = node else {
            fail("expected a mapping of \(allowed.sorted().joined(separator: ", "))")
            return
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? "?"
            if !allowed.contains(key) {
                reader.record(line: keyNode.mark?.line ?? value.mark?.line, path: child(key),
                              "unknown key; valid keys here are \(allowed.sorted().joined(separator: ", "))")
            }
        }
    }

    private var isMapping: Bool {
        if case .mapping = node { return true }
        fail("expected a mapping")
        return false
    }

    /// The (key, value) pairs of a mapping, in file order.
    public var entries: [(key: String, value: ConfigValue)]? {
        guard case .mapping(let mapping) = node else {
            fail("expected a mapping")
            return nil
        }
        return mapping.map { keyNode, value in
            let key = keyNode.string ?? "?"
            return (key, ConfigValue(node: value, path: child(key), reader: reader))
        }
    }

    /// The elements of a sequence; a single scalar counts as a one-element list.
    public var list: [ConfigValue]? {
        switch node {
        case .sequence(let sequence):
            return sequence.enumerated().map { ConfigValue(node: $0.element, path: child("\($0.offset)"), reader: reader) }
        case .scalar:
            return [self]
        case .mapping, .alias:
            fail("expected a list")
            return nil
        }
    }

    private func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: - Scalars

    /// The value as a string.
    public var string: String? {
        guard case .scalar(let scalar) = node else {
            fail("expected a single value")
            return nil
        }
        guard let environment = reader.environment else { return scalar.string }
        do {
            return try EnvironmentExpansion.expand(scalar.string, environment: environment)
        } catch {
            fail(error.message)
            return nil
        }
    }

    /// The value as an integer in `range`.
    public func integer(in range: ClosedRange<Int>) -> Int? {
        guard let text = string else { return nil }
        guard let value = Int(text), range.contains(value) else {
            fail("expected a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            return nil
        }
        return value
    }

    /// The value as a boolean (true/false, yes/no, on/off).
    public var boolean: Bool? {
        guard let text = string?.lowercased() else { return nil }
        switch text {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail("expected true or false, not '\(text)'")
            return nil
        }
    }

    /// The value as a duration: a number with ms, s, m, h or d ("30s", "8h").
    public var duration: Duration? {
        guard let text = string?.lowercased() else { return nil }
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            if let number = Int64(text.dropLast(suffix.count)), number >= 0 {
                return .milliseconds(number * milliseconds)
            }
        }
        fail("expected a duration such as 500ms, 30s, 5m, 8h or 1d, not '\(text)'")
        return nil
    }

    /// The value parsed by `parse`, with `expected` describing valid values.
    public func parsed<T>(_ expected: String, _ parse: (String) -> T?) -> T? {
        guard let text = string else { return nil }
        guard let value = parse(text) else {
            fail("expected \(expected), not '\(text)'")
            return nil
        }
        return value
    }
}
