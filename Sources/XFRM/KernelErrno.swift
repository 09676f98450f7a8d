import Glibc

/// An errno value as the kernel returns it in a netlink error (negated there,
/// positive here), with its symbolic name, so errors read
/// `EPROTONOSUPPORT (93: protocol not supported)` instead of a bare number.
///
/// The named constants are the values a gateway meets on the XFRM socket; any
/// other value still works and prints as `errno 123`.
public struct KernelErrno: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// EPERM: the caller lacks CAP_NET_ADMIN (net/xfrm/xfrm_user.c checks it
    /// for every configuration message).
    public static let operationNotPermitted = KernelErrno(rawValue: EPERM)
    /// ENOENT: no such policy (XFRM_MSG_DELPOLICY).
    public static let noSuchEntry = KernelErrno(rawValue: ENOENT)
    /// ESRCH: no such state (XFRM_MSG_DELSA, XFRM_MSG_GETSA).
    public static let noSuchState = KernelErrno(rawValue: ESRCH)
    /// EINTR.
    public static let interrupted = KernelErrno(rawValue: EINTR)
    /// EAGAIN.
    public static let tryAgain = KernelErrno(rawValue: EAGAIN)
    /// ENOMEM.
    public static let outOfMemory = KernelErrno(rawValue: ENOMEM)
    /// EACCES.
    public static let permissionDenied = KernelErrno(rawValue: EACCES)
    /// EEXIST: a state with this SPI and destination, or a policy with this
    /// selector and direction, is already installed.
    public static let alreadyExists = KernelErrno(rawValue: EEXIST)
    /// EINVAL: the kernel refused the message's contents.
    public static let invalidArgument = KernelErrno(rawValue: EINVAL)
    /// ENOSYS: the kernel has no such algorithm (attach_crypt, attach_auth_trunc
    /// and attach_aead in net/xfrm/xfrm_user.c).
    public static let notImplemented = KernelErrno(rawValue: ENOSYS)
    /// EMSGSIZE.
    public static let messageTooLong = KernelErrno(rawValue: EMSGSIZE)
    /// EPROTONOSUPPORT: the kernel has no handler for the IPsec protocol, e.g.
    /// ESP without CONFIG_INET_ESP (__xfrm_init_state, "Requested type not found").
    public static let protocolNotSupported = KernelErrno(rawValue: EPROTONOSUPPORT)
    /// EAFNOSUPPORT: no XFRM support for the address family.
    public static let addressFamilyNotSupported = KernelErrno(rawValue: EAFNOSUPPORT)
    /// EOPNOTSUPP.
    public static let operationNotSupported = KernelErrno(rawValue: EOPNOTSUPP)
    /// ENOBUFS: the socket's receive queue overflowed and replies were dropped.
    public static let noBufferSpace = KernelErrno(rawValue: ENOBUFS)

    /// The symbolic name ("EPROTONOSUPPORT"), or nil for a value not in the table.
    public var name: String? { Self.table[rawValue]?.name }

    public var description: String {
        guard let entry = Self.table[rawValue] else { return "errno \(rawValue)" }
        return "\(entry.name) (\(rawValue): \(entry.text))"
    }

    /// Names and texts of the errno values a netlink or XFRM call can return.
    /// Our own table rather than strerror(3), which is not thread-safe and
    /// whose text depends on the locale.
    private static let table: [Int32: (name: String, text: String)] = [
        EPERM: ("EPERM", "operation not permitted"),
        ENOENT: ("ENOENT", "no such file or directory"),
        ESRCH: ("ESRCH", "no such process"),
        EINTR: ("EINTR", "interrupted system call"),
        EIO: ("EIO", "input/output error"),
        EBADF: ("EBADF", "bad file descriptor"),
        EAGAIN: ("EAGAIN", "resource temporarily unavailable"),
        ENOMEM: ("ENOMEM", "cannot allocate memory"),
        EACCES: ("EACCES", "permission denied"),
        EFAULT: ("EFAULT", "bad address"),
        EBUSY: ("EBUSY", "device or resource busy"),
        EEXIST: ("EEXIST", "file exists"),
        ENODEV: ("ENODEV", "no such device"),
        EINVAL: ("EINVAL", "invalid argument"),
        ENFILE: ("ENFILE", "too many open files in system"),
        EMFILE: ("EMFILE", "too many open files"),
        ENOSPC: ("ENOSPC", "no space left on device"),
        ERANGE: ("ERANGE", "numerical result out of range"),
        ENOSYS: ("ENOSYS", "function not implemented"),
        ENOTSOCK: ("ENOTSOCK", "socket operation on non-socket"),
        EMSGSIZE: ("EMSGSIZE", "message too long"),
        EPROTOTYPE: ("EPROTOTYPE", "protocol wrong type for socket"),
        ENOPROTOOPT: ("ENOPROTOOPT", "protocol not available"),
        EPROTONOSUPPORT: ("EPROTONOSUPPORT", "protocol not supported"),
        EOPNOTSUPP: ("EOPNOTSUPP", "operation not supported"),
        EAFNOSUPPORT: ("EAFNOSUPPORT", "address family not supported by protocol"),
        EADDRINUSE: ("EADDRINUSE", "address already in use"),
        EADDRNOTAVAIL: ("EADDRNOTAVAIL", "cannot assign requested address"),
        ENOBUFS: ("ENOBUFS", "no buffer space available"),
        ECONNREFUSED: ("ECONNREFUSED", "connection refused"),
        ETIMEDOUT: ("ETIMEDOUT", "connection timed out"),
        EPROTO: ("EPROTO", "protocol error"),
    ]
}
