import ArgumentParser
import Foundation
import Gateway
import Logging

/// `gatehouse run`: starts the gateway and runs until SIGINT or SIGTERM.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the gateway.")

    @Option(name: .shortAndLong, help: "The configuration file.")
    var config = "Configs/gatehouse.yaml"

    @Option(help: "Event loops (and SA table shards); default: one per core.")
    var threads: Int?

    func run() async throws {
        let settings = try CheckConfigCommand.load(config, createMissingCertificates: true)
        let level = settings.logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "gatehouse")
        for notice in settings.notices { logger.notice("\(notice)") }
        for warning in settings.warnings { logger.warning("\(warning)") }
        let server = try GatewayServer(settings: settings, logger: logger, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        try await server.start()
        // SIGHUP reloads, as admins expect of a daemon.
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue(label: "gatehouse.reload"))
        hangup.setEventHandler { Task { _ = await server.reload() } }
        hangup.resume()
        defer { hangup.cancel() }
        await ShutdownSignal.wait()
        logger.info("shutting down")
        try await server.shutdown()
    }
}

/// Waits for SIGINT or SIGTERM.
enum ShutdownSignal {
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let queue = DispatchQueue(label: "gatehouse.signals")
            let once = Once(continuation)
            for number in [SIGINT, SIGTERM] {
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { once.resume() }
                source.resume()
                Once.keep(source)
            }
        }
    }

    /// Resumes a continuation once, from whichever signal comes first.
    private final class Once: @unchecked Sendable {
        private var continuation: CheckedContinuation<Void, Never>?
        private let lock = NSLock()
        nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

        init(_ continuation: CheckedContinuation<Void, Never>) {
            self.continuation = continuation
        }

        func resume() {
            lock.lock()
            let continuation = self.continuation
            self.continuation = nil
            lock.unlock()
            continuation?.resume()
        }

        /// Signal sources must outlive the wait.
        static func keep(_ source: any DispatchSourceSignal) { sources.append(source) }
    }
}
