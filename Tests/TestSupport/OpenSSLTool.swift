/// The openssl command-line tool, an implementation independent of the code
/// under test, for making keys and checking or forging signatures.
public enum OpenSSLTool {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `openssl arguments` with `input` on standard input and returns
    /// what it printed; throws if it fails.
    public static func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        let (status, output) = try Subprocess.run("/usr/bin/openssl", arguments, input: input)
        guard status == 0 else {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
        }
        return output
    }

    /// A new private key in PEM: `rsa:BITS` or `ec:CURVE` (e.g. `ec:P-256`).
    public static func generateKey(_ spec: String) throws -> String {
        let parts = spec.split(separator: ":").map(String.init)
        let arguments = parts[0] == "rsa"
            ? ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(parts[1])"]
            : ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(parts[1])"]
        return String(decoding: try run(arguments), as: UTF8.self)
    }
}
