import CNetDevice
import Foundation
import Glibc
import Logging
import Synchronization

/// A thread that waits on one non-blocking descriptor and hands every
/// packet read from it to `handle`, reading until the descriptor is empty
/// before waiting again (so a busy queue costs one `read` per packet and no
/// `poll`). `stop()` wakes it through an eventfd and waits for it to end.
final class PacketReader: @unchecked Sendable {
    private let fd: Int32
    private let wake: Int32
    private let finished = DispatchSemaphore(value: 0)
    /// Checked between packets, so a queue that never empties (a flood)
    /// cannot keep `stop()` waiting.
    private let stopping = Atomic<Bool>(false)
    private let name: String
    private let logger: Logger?
    private let bufferSize: Int
    /// Called on the reader's thread with the packet in a buffer it owns
    /// until the call returns; it may modify it.
    private let handle: (UnsafeMutableRawBufferPointer) -> Void
    private let read: (Int32, UnsafeMutableRawBufferPointer) -> Int
    /// Called when the descriptor is empty, before waiting (to send what
    /// the packets read so far produced, in one batch).
    private let drained: () -> Void

    /// - Parameter read: reads one packet into the buffer and returns its
    ///   length, or -1 with errno set (`Glibc.read` for TUN, `recvfrom`
    ///   for sockets).
    init(name: String, fd: Int32, bufferSize: Int = 65_536, logger: Logger? = nil,
         read: @escaping (Int32, UnsafeMutableRawBufferPointer) -> Int,
         handle: @escaping (UnsafeMutableRawBufferPointer) -> Void, drained: @escaping () -> Void = {}) throws(DataPlaneError) {
        self.name = name
        self.logger = logger
        self.fd = fd
        self.bufferSize = bufferSize
        self.read = read
        self.handle = handle
        self.drained = drained
        wake = try DataPlaneError.check(gh_wakeup_fd(), "cannot create an eventfd for \(name)")
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    private func run() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer {
            buffer.deallocate()
            finished.signal()
        }
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while !stopping.load(ordering: .relaxed) {
            let length = read(fd, buffer)
            if length >= 0 {
                handle(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length]))
                continue
            }
            let error = errno
            // Transient: a signal, or the kernel short of buffers a moment.
            if error == EINTR || error == ENOBUFS || error == ENOMEM { continue }
            guard error == EAGAIN || error == EWOULDBLOCK else {
                logger?.error("packet reader stopped", metadata: ["reader": "\(name)", "errno": "\(String(cString: strerror(error)))"])
                return
            }
            drained()
            guard poll(&descriptors, 2, -1) >= 0 || errno == EINTR else { return }
            if descriptors[1].revents != 0 { return }
        }
    }

    /// Ends the thread and waits for it.
    func stop() {
        stopping.store(true, ordering: .relaxed)
        var one: UInt64 = 1
        _ = Glibc.write(wake, &one, 8)
        finished.wait()
        Glibc.close(wake)
    }
}
