import Foundation
import Testing
import TestSupport

/// A folder under /tmp, removed when the value goes.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Runs `executable` and returns its exit status and everything it
/// printed, standard output and error together, as text.
func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let (status, output) = try Subprocess.run(executable, arguments, environment: environment)
    return (status, String(decoding: output, as: UTF8.self))
}

/// The openssl CLI: the independent implementation the PKI is checked against.
func runOpenSSL(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try run("/usr/bin/openssl", arguments)
}

/// The `gatehouse` executable of this build (a dependency of the tests),
/// next to the test bundle.
func runGatehouse(_ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gatehouse").path
    try #require(FileManager.default.isExecutableFile(atPath: binary), "no gatehouse executable at \(binary)")
    return try run(binary, arguments, environment: environment)
}
