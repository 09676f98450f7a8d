import Glibc
import IKEWire

/// Why the data plane could not start or act, with the system's reason.
public struct DataPlaneError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let errno: Int32?

    public init(_ operation: String, errno: Int32? = nil) {
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        guard let errno else { return operation }
        var text = "\(operation): \(String(cString: strerror(errno)))"
        if errno == EPERM || errno == EACCES {
            text += " (the gateway needs CAP_NET_ADMIN for the TUN device and routes, CAP_NET_RAW for plain ESP)"
        }
        return text
    }

    /// An operation on a CHILD_SA that is not installed, or no longer.
    static func notInstalled(_ inboundSPI: UInt32) -> DataPlaneError {
        DataPlaneError("no CHILD_SA with inbound SPI \(Hex.string(inboundSPI)) is installed")
    }

    /// A C call's result: a descriptor or 0, or -errno.
    static func check(_ result: Int32, _ operation: @autoclosure () -> String) throws(DataPlaneError) -> Int32 {
        guard result >= 0 else { throw DataPlaneError(operation(), errno: -result) }
        return result
    }
}
