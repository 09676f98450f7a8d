/// Why an XFRM request failed or a reply could not be read.
///
/// Every failure of the module is one of these: the kernel's answer, a system
/// call on the socket, a missing answer, reply bytes that do not parse (never
/// a trap: replies come from the kernel, but a decoder that trusts its input
/// turns any kernel or module bug into a crash of the gateway), or a value the
/// kernel interface cannot carry.
public enum XFRMError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kernel refused the request with this errno; `message` is the
    /// extended acknowledgement text when the kernel gave one
    /// (NLMSGERR_ATTR_MSG, e.g. "Requested type not found").
    case kernel(KernelErrno, message: String?)
    /// A system call on the netlink socket failed.
    case system(call: String, KernelErrno)
    /// No answer carrying the request's sequence number arrived in time.
    case timedOut(sequence: UInt32)
    /// A structure ends beyond the bytes received; names what was cut.
    case truncated(String)
    /// The bytes contradict themselves (a length below its minimum, an
    /// unknown address family, an answer to another question).
    case malformed(String)
    /// A netlink message type that does not answer an XFRM request.
    case unexpectedMessage(type: UInt16)
    /// A value the kernel interface cannot express (checked when states,
    /// policies and algorithms are built, so encoding itself never fails).
    case invalidArgument(String)

    /// The errno, for an error the kernel returned.
    public var kernelErrno: KernelErrno? {
        if case .kernel(let errno, _) = self { return errno }
        return nil
    }

    public var description: String {
        switch self {
        case .kernel(let errno, let message):
            return "kernel refused the request: \(errno)" + (message.map { ", \"\($0)\"" } ?? "")
        case .system(let call, let errno): return "\(call) failed: \(errno)"
        case .timedOut(let sequence): return "no answer from the kernel to request \(sequence)"
        case .truncated(let what): return "truncated netlink reply: \(what)"
        case .malformed(let what): return "malformed netlink reply: \(what)"
        case .unexpectedMessage(let type): return "unexpected netlink message type \(type)"
        case .invalidArgument(let what): return "invalid XFRM argument: \(what)"
        }
    }
}
