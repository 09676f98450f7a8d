import Foundation

/// The openssl command-line tool, an implementation independent of the code
/// under test, for making keys and checking or forging signatures.
public enum OpenSSLTool {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `openssl arguments` with `input` on standard input; returns its
    /// exit status and standard output, with standard error appended.
    @discardableResult
    public static func run(_ arguments: [String], input: [UInt8] = [], requireSuccess: Bool = true) throws -> (status: Int32, output: [UInt8]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        let output = Pipe(), standardInput = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = standardInput
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input))
        try standardInput.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if requireSuccess, process.terminationStatus != 0 {
            throw Failure(description: "openssl \(arguments.joined(separator: " ")) failed: \(String(decoding: data, as: UTF8.self))")
        }
        return (process.terminationStatus, Array(data))
    }

    /// A new private key in PEM: `rsa:BITS` or `ec:P-256`-style specs.
    public static func generateKey(_ spec: String) throws -> String {
        let parts = spec.split(separator: ":").map(String.init)
        let arguments = parts[0] == "rsa"
            ? ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:\(parts[1])"]
            : ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:\(parts[1])"]
        return String(decoding: try run(arguments).output, as: UTF8.self)
    }
}
