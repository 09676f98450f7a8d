import Glibc
import IKECrypto
import IKEWire
import Synchronization

/// A NETLINK_XFRM socket: installs and deletes states and policies in the
/// kernel of the network namespace the socket was created in.
///
/// Each call sends one request with a fresh sequence number and waits for the
/// answer carrying that number, at most `timeout`; answers to earlier
/// requests that timed out are discarded on the way. Calls from several
/// threads are serialised by a lock held from send to answer, so answers
/// never cross. The calls block (poll(2)); run them off event loops.
///
/// Needs CAP_NET_ADMIN; without it the kernel answers EPERM.
public final class XFRMSocket: Sendable {
    private let descriptor: Int32
    /// The last sequence number used; the lock also serialises exchanges.
    private let lastSequence: Mutex<UInt32>
    /// How long a call waits for the kernel's answer.
    public let timeout: Duration

    /// Room for one answer. The kernel's answers here are an ack (36 octets),
    /// an error with its reason text, or one state (under 1 KiB); 32 KiB is
    /// what iproute2 reserves. A larger datagram fails as truncated.
    static let receiveBufferSize = 32 * 1024

    /// Opens the socket. Creating it fails only without netlink support or
    /// out of descriptors; permissions are checked per request.
    public init(timeout: Duration = .seconds(5)) throws(XFRMError) {
        let descriptor = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue | SOCK_CLOEXEC.rawValue), Netlink.protocolXFRM)
        guard descriptor >= 0 else { throw .system(call: "socket(AF_NETLINK, NETLINK_XFRM)", KernelErrno(rawValue: errno)) }
        // Best effort, both: NETLINK_CAP_ACK (Linux 4.3) keeps a failed
        // NEWSA's keys from being echoed back to us, NETLINK_EXT_ACK (4.12)
        // adds the kernel's reason text to errors. A kernel without them
        // still works; the receive buffer is wiped either way.
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_NETLINK, Netlink.optionCapAck, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(descriptor, SOL_NETLINK, Netlink.optionExtAck, &on, socklen_t(MemoryLayout<Int32>.size))
        self.descriptor = descriptor
        self.lastSequence = Mutex(UInt32.random(in: 1...UInt32.max / 2))
        self.timeout = timeout
    }

    deinit { close(descriptor) }

    /// Installs an ESP state (XFRM_MSG_NEWSA).
    public func install(_ state: XFRMState) throws(XFRMError) {
        try expectAcknowledgement(.newSA(state))
    }

    /// Deletes the ESP state with `spi` towards `destination` (XFRM_MSG_DELSA);
    /// ESRCH (``KernelErrno/noSuchState``) if there is none.
    public func delete(spi: UInt32, destination: IPAddress) throws(XFRMError) {
        try expectAcknowledgement(.deleteSA(spi: spi, destination: destination))
    }

    /// The counters of the ESP state with `spi` towards `destination`
    /// (XFRM_MSG_GETSA); ESRCH if there is none.
    public func counters(spi: UInt32, destination: IPAddress) throws(XFRMError) -> XFRMStateCounters {
        let content = try exchange(.getSA(spi: spi, destination: destination))
        guard case .state(let state) = content else {
            throw .malformed("XFRM_MSG_GETSA answered with \(content) instead of the state")
        }
        guard state.spi == spi, state.destination == destination else {
            throw .malformed("XFRM_MSG_GETSA for spi 0x\(String(spi, radix: 16)) answered with spi 0x\(String(state.spi, radix: 16))")
        }
        return state
    }

    /// Installs a policy (XFRM_MSG_NEWPOLICY).
    public func install(_ policy: XFRMPolicy) throws(XFRMError) {
        try expectAcknowledgement(.newPolicy(policy))
    }

    /// Deletes the policy with `policy`'s selector and direction
    /// (XFRM_MSG_DELPOLICY); ENOENT if there is none.
    public func delete(policy: XFRMPolicy) throws(XFRMError) {
        try expectAcknowledgement(.deletePolicy(policy))
    }

    private func expectAcknowledgement(_ request: XFRMRequest) throws(XFRMError) {
        let content = try exchange(request)
        guard case .acknowledgement = content else {
            throw .malformed("\(request.description.prefix(20)) answered with \(content) instead of an acknowledgement")
        }
    }

    /// Sends `request` and returns the answer with its sequence number; a
    /// kernel error becomes ``XFRMError/kernel(_:message:)``.
    func exchange(_ request: XFRMRequest) throws(XFRMError) -> XFRMReply.Content {
        try exchange { sequence in request.encoded(sequence: sequence) }
    }

    /// Sends the message `encode` builds for the next sequence number and
    /// waits for its answer (the tests also send hand-made messages this way).
    func exchange(_ encode: (UInt32) -> SecretBytes) throws(XFRMError) -> XFRMReply.Content {
        try lastSequence.withLock { (last: inout UInt32) throws(XFRMError) -> XFRMReply.Content in
            last = last == UInt32.max ? 1 : last + 1
            let sequence = last
            try send(encode(sequence))
            return try receive(sequence: sequence)
        }
    }

    /// Sends an encoded message to the kernel (port 0).
    func send(_ message: SecretBytes) throws(XFRMError) {
        var kernel = sockaddr_storage()
        withUnsafeMutableBytes(of: &kernel) { raw in
            raw.storeBytes(of: UInt16(AF_NETLINK), toByteOffset: XFRMLayout.sockaddrFamily, as: UInt16.self)
        }
        let sent = message.withUnsafeBytes { bytes in
            withUnsafePointer(to: &kernel) { address in
                address.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    var result: Int
                    repeat {
                        result = sendto(descriptor, bytes.baseAddress, bytes.count, 0, address, socklen_t(XFRMLayout.sockaddrSize))
                    } while result < 0 && errno == EINTR
                    return result < 0 ? -Int(errno) : result
                }
            }
        }
        guard sent == message.count else {
            throw .system(call: "sendto", KernelErrno(rawValue: sent < 0 ? Int32(-sent) : EMSGSIZE))
        }
    }

    /// Waits for the answer to `sequence`, skipping stale answers, until the timeout.
    private func receive(sequence: UInt32) throws(XFRMError) -> XFRMReply.Content {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.receiveBufferSize, alignment: 8)
        defer {
            // Answers to XFRM_MSG_GETSA carry the state's keys.
            explicit_bzero(buffer.baseAddress!, buffer.count)
            buffer.deallocate()
        }
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw .timedOut(sequence: sequence) }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(clamping: remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&poller, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .system(call: "poll", KernelErrno(rawValue: errno))
            }
            if ready == 0 { continue }

            var sender = sockaddr_storage()
            var senderLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
            // MSG_TRUNC makes netlink return the datagram's full length, so a
            // datagram larger than the buffer is detected, not cut silently.
            let received = withUnsafeMutablePointer(to: &sender) { address in
                address.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                    recvfrom(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_TRUNC | MSG_DONTWAIT), address, &senderLength)
                }
            }
            if received < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .system(call: "recvfrom", KernelErrno(rawValue: errno))
            }
            guard received <= buffer.count else {
                throw .truncated("a \(received)-octet datagram exceeds the \(buffer.count)-octet receive buffer")
            }
            // Only the kernel (port 0) answers requests; anything a process
            // sent to our port is dropped.
            let senderPort = withUnsafeBytes(of: &sender) { $0.loadUnaligned(fromByteOffset: XFRMLayout.sockaddrPortID, as: UInt32.self) }
            guard senderPort == 0 else { continue }

            let replies = try XFRMReply.parse(UnsafeRawBufferPointer(rebasing: buffer[0..<received]))
            for reply in replies where reply.sequence == sequence {
                switch reply.content {
                case .failure(let errno, let message): throw .kernel(errno, message: message)
                case .acknowledgement, .state, .done: return reply.content
                }
            }
        }
    }
}
