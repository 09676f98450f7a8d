import Foundation
import Glibc
import Synchronization

/// A network namespace of its own for one test, so nothing touches the
/// host's XFRM tables. Deleted by `delete()` (call it in a `defer`).
final class NetworkNamespace: Sendable {
    let name: String

    private static let counter = Mutex(0)

    init() throws {
        try Command.requireRoot(andPrograms: ["ip"])
        let number = Self.counter.withLock { counter in
            counter += 1
            return counter
        }
        name = "gatehouse-xfrm-\(getpid())-\(number)"
        try Command.succeed(["ip", "netns", "add", name])
    }

    func delete() {
        _ = try? Command.run(["ip", "netns", "delete", name])
    }

    /// Runs a command inside the namespace (`ip netns exec`).
    func run(_ arguments: [String]) throws -> Command.Output {
        try Command.run(["ip", "netns", "exec", name] + arguments)
    }

    /// Runs `body` on a thread of its own that first joins the namespace, so
    /// sockets it creates belong to the namespace. A fresh thread because
    /// setns(2) changes the calling thread only, and a pool thread would carry
    /// the namespace into other tests.
    func inside<T: Sendable>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let result = Mutex<Result<T, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        let path = "/run/netns/\(name)"
        let thread = Thread {
            let outcome = Result<T, any Error> {
                try Self.join(path)
                return try body()
            }
            result.withLock { $0 = outcome }
            finished.signal()
        }
        thread.start()
        finished.wait()
        guard let outcome = result.withLock({ $0 }) else {
            throw Command.Failure(description: "namespace thread finished without a result")
        }
        return try outcome.get()
    }

    /// setns(fd, CLONE_NEWNET). Glibc declares setns only with _GNU_SOURCE,
    /// which Swift's Glibc module does not define, so it is looked up by name.
    private static func join(_ path: String) throws {
        typealias SetNS = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "setns") else {
            throw Command.Failure(description: "setns not found in libc")
        }
        let setns = unsafeBitCast(symbol, to: SetNS.self)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Command.Failure(description: "open \(path): errno \(errno)") }
        defer { close(descriptor) }
        let cloneNewNet: Int32 = 0x4000_0000  // CLONE_NEWNET, <linux/sched.h>
        guard setns(descriptor, cloneNewNet) == 0 else {
            throw Command.Failure(description: "setns \(path): errno \(errno)")
        }
    }
}
