import Foundation
import TestSupport

/// Tests/CrossChecks/xfrm_layout.c, compiled with `cc` against the installed
/// kernel headers: the C compiler's sizes and offsets, and kernel answers
/// built with the kernel's own structs.
enum CLayout {
    /// The compiled program, built once per test run.
    private static let program: Result<String, Command.Failure> = {
        guard Command.exists("cc") else {
            return .failure(Command.Failure(description: "`cc` is missing: run scripts/install-deps (gcc, linux-libc-dev)"))
        }
        let source = FuzzCorpus.packageRoot.appendingPathComponent("Tests/CrossChecks/xfrm_layout.c").path
        let binary = FileManager.default.temporaryDirectory.appendingPathComponent("xfrm_layout-\(UUID().uuidString)").path
        do {
            let output = try Command.run(["cc", "-std=c11", "-Wall", "-Werror", "-o", binary, source])
            guard output.status == 0 else {
                return .failure(Command.Failure(description: "cc \(source) failed (linux-libc-dev installed?): \(output.summary)"))
            }
            return .success(binary)
        } catch {
            return .failure(Command.Failure(description: "cc: \(error)"))
        }
    }()

    /// "name value" lines of `xfrm_layout <mode>`.
    private static func lines(_ mode: String) throws -> [(String, String)] {
        let output = try Command.succeed([try program.get(), mode])
        return output.stdout.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// Every size and offset the C compiler reports.
    static func layout() throws -> [(name: String, value: Int)] {
        try lines("layout").map { ($0.0, Int($0.1) ?? -1) }
    }

    /// The sample answers by name: state-replay, state-esn, error-extack, ack, dump.
    static func replies() throws -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for (name, hex) in try lines("replies") {
            result[name] = try hexBytes(hex)
        }
        return result
    }

    static func hexBytes(_ hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw Command.Failure(description: "odd hex length") }
        return try stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                throw Command.Failure(description: "not hex: \(hex.prefix(40))")
            }
            return byte
        }
    }
}
