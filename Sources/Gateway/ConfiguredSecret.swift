import ConfigFile
import Foundation
import IKECrypto

/// A secret in the configuration (a RADIUS shared secret, the directory's
/// service password), given in exactly one of three ways: `KEY-file` (a
/// file of its own, e.g. a Docker secret), `KEY-env` (an environment
/// variable) or `KEY` (inline).
enum ConfiguredSecret {
    /// The keys a section may hold for the secret `key`.
    static func keys(_ key: String) -> [String] { ["\(key)-file", "\(key)-env", key] }

    static func read(_ entry: ConfigValue, key: String, what: String, resolve: (String) -> String,
                     environment: [String: String]) -> SecretBytes? {
        let given = keys(key).filter { entry[$0] != nil }
        guard given.count == 1 else {
            entry.fail(given.isEmpty ? "give \(what): \(keys(key).joined(separator: ", "))" : "give one of \(given.joined(separator: ", "))")
            return nil
        }
        var text: String?
        if let path = entry["\(key)-file"]?.string.map(resolve) {
            do {
                // A trailing newline is the editor's, not the secret's.
                text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .newlines)
            } catch {
                entry["\(key)-file"]?.fail("cannot read \(path): \(error.localizedDescription)")
                return nil
            }
        } else if let name = entry["\(key)-env"]?.string {
            text = environment[name]
            if text == nil { entry["\(key)-env"]?.fail("the environment variable \(name) is not set") }
        } else {
            text = entry[key]?.string
        }
        guard let text else { return nil }
        // RFC 2865 §3 advises RADIUS secrets of 16 octets or more; shorter
        // ones are accepted (NPS allows them), empty ones never: an empty
        // LDAP password would be an unauthenticated bind (RFC 4513 §5.1.2).
        guard !text.isEmpty else {
            entry.fail("\(what) is empty")
            return nil
        }
        return SecretBytes(Array(text.utf8))
    }
}
