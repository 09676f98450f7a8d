import Foundation
import Glibc
import TestSupport

/// A real slapd for one test: configuration, TLS certificates (a CA, a
/// server certificate for 127.0.0.1, and a second CA that did not sign it)
/// and a database built in a temporary folder from `Fixtures/`, listening
/// on 127.0.0.1 with `ldap://` (StartTLS) and `ldaps://` on free ports.
/// Needs slapd, slapadd and openssl; fails, never skips, without them.
final class SlapdServer: @unchecked Sendable {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let slapd = "/usr/sbin/slapd"
    static let slapadd = "/usr/sbin/slapadd"
    static let openssl = "/usr/bin/openssl"

    let directory: URL
    let port: UInt16
    let ldapsPort: UInt16
    private var process: Process?

    var ldapURI: String { "ldap://127.0.0.1:\(port)" }
    var ldapsURI: String { "ldaps://127.0.0.1:\(ldapsPort)" }
    var caFile: String { directory.appendingPathComponent("ca.pem").path }
    var otherCAFile: String { directory.appendingPathComponent("other-ca.pem").path }

    init() throws {
        for tool in [Self.slapd, Self.slapadd, Self.openssl] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Missing(description: "\(tool) is missing: run scripts/install-deps (packages slapd, ldap-utils, openssl)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-slapd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        port = try Self.freePort()
        ldapsPort = try Self.freePort()
        try makeCertificates()
        let fixtures = Self.fixtures
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent("samba-min.schema"),
                                         to: directory.appendingPathComponent("samba-min.schema"))
        let configuration = try String(contentsOf: fixtures.appendingPathComponent("slapd.conf.in"), encoding: .utf8)
            .replacingOccurrences(of: "@DIR@", with: directory.path)
        try configuration.write(to: directory.appendingPathComponent("slapd.conf"), atomically: true, encoding: .utf8)
        try run(Self.slapadd, ["-q", "-f", configurationPath, "-l", fixtures.appendingPathComponent("base.ldif").path])
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private var configurationPath: String { directory.appendingPathComponent("slapd.conf").path }

    /// Starts slapd in the foreground (`-d 0`) and waits until it accepts
    /// connections.
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.slapd)
        process.arguments = ["-f", configurationPath, "-h", "\(ldapURI)/ \(ldapsURI)/", "-d", "0"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if Self.accepts(port), Self.accepts(ldapsPort) { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        throw Missing(description: "slapd did not start on \(ldapURI) (configuration \(configurationPath))")
    }

    /// Stops slapd, as a crash would, and waits for it to exit. SIGKILL,
    /// because slapd inherits the blocked signal mask of the thread that
    /// spawned it (a test thread blocks SIGTERM), so SIGTERM stays pending;
    /// the mdb database survives a kill.
    func stop() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// A started server, made on a dispatch thread: making one blocks
    /// (openssl, slapadd, waiting for the port), which must not hold one
    /// of the few threads of Swift's cooperative pool while other tests
    /// time their look-ups.
    static func launch() async throws -> SlapdServer {
        try await offPool { try SlapdServer() }
    }

    /// Stops and starts again on the same ports, off the cooperative pool.
    func restart() async throws {
        try await Self.offPool { self.stop(); try self.start() }
    }

    /// Stops, off the cooperative pool.
    func halt() async {
        try? await Self.offPool { self.stop() }
    }

    private static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func makeCertificates() throws {
        let path = { (name: String) in self.directory.appendingPathComponent(name).path }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        try run(Self.openssl, ["req", "-x509"] + ec + ["-days", "2", "-subj", "/CN=Directory Test CA",
                               "-keyout", path("ca.key"), "-out", path("ca.pem")])
        try run(Self.openssl, ["req", "-x509"] + ec + ["-days", "2", "-subj", "/CN=Some Other CA",
                               "-keyout", path("other-ca.key"), "-out", path("other-ca.pem")])
        try run(Self.openssl, ["req"] + ec + ["-subj", "/CN=127.0.0.1", "-keyout", path("server.key"), "-out", path("server.csr")])
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".write(toFile: path("ext.cnf"), atomically: true, encoding: .utf8)
        try run(Self.openssl, ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                               "-CAcreateserial", "-days", "2", "-extfile", path("ext.cnf"), "-out", path("server.pem")])
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let (status, output) = try Subprocess.run(tool, arguments)
        guard status == 0 else {
            throw Missing(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() throws -> UInt16 {
        let socket = try Listener()
        return socket.port
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(_ port: UInt16) -> Bool {
        let descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = Listener.loopback(port: port)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// A TCP socket listening on 127.0.0.1 that never accepts: the kernel
/// completes handshakes into its backlog, and nothing is ever answered
/// (a server that hangs).
final class Listener: @unchecked Sendable {
    let descriptor: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else {
            if fd >= 0 { close(fd) }
            throw SlapdServer.Missing(description: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        descriptor = fd
        port = UInt16(bigEndian: actual.sin_port)
    }

    deinit { close(descriptor) }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
