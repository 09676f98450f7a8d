import Foundation
import Glibc

/// Runs external programs (ip, strace, cc) for the tests.
enum Command {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
        /// For failure messages.
        var summary: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `arguments` (the first is looked up in PATH) with stdin from
    /// /dev/null and returns its exit status and output.
    ///
    /// posix_spawnp and waitpid rather than Foundation's Process, as in
    /// InteropTests (Process missed exits there).
    static func run(_ arguments: [String]) throws -> Output {
        let directory = FileManager.default.temporaryDirectory
        let outPath = directory.appendingPathComponent("xfrm-\(UUID().uuidString).out").path
        let errPath = directory.appendingPathComponent("xfrm-\(UUID().uuidString).err").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        // WEXITSTATUS, or 128 + signal for a killed child.
        let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Output(status: code, stdout: stdout, stderr: stderr)
    }

    /// Runs `arguments` and fails unless it exits 0.
    @discardableResult
    static func succeed(_ arguments: [String]) throws -> Output {
        let output = try run(arguments)
        guard output.status == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(output.summary)")
        }
        return output
    }

    /// Whether `program` is in PATH.
    static func exists(_ program: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin")
            .split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }

    /// Fails with a message naming what is missing, so that a machine
    /// without root or a tool fails these tests instead of passing them.
    static func requireRoot(andPrograms programs: [String]) throws {
        guard geteuid() == 0 else {
            throw Failure(description: "XFRMTests need root: they create network namespaces and XFRM policies (run as root)")
        }
        for program in programs where !exists(program) {
            throw Failure(description: "XFRMTests need `\(program)`, which is not installed: run scripts/install-deps")
        }
    }
}
