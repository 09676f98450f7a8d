import Glibc
import Logging

/// Turns on IP forwarding (net.ipv4.ip_forward, and IPv6 forwarding when
/// asked): a gateway that does not forward carries nothing. Inside a
/// container or namespace these are the namespace's own settings.
///
/// A setting that is already on is left alone: containers get /proc/sys
/// read-only and set forwarding from outside (Docker's `sysctls`), and
/// writing it would fail there although nothing needs changing.
func enableForwarding(ipv6: Bool, logger: Logger) throws(DataPlaneError) {
    var files = ["/proc/sys/net/ipv4/ip_forward"]
    if ipv6 { files.append("/proc/sys/net/ipv6/conf/all/forwarding") }
    for file in files where !isOn(file) {
        let fd = open(file, O_WRONLY | O_CLOEXEC)
        guard fd >= 0, write(fd, "1", 1) == 1 else {
            let error = errno
            if fd >= 0 { close(fd) }
            // IPv6 may be disabled altogether; IPv4 forwarding is required.
            if file.contains("ipv6") && error == ENOENT { continue }
            let hint = error == EROFS || error == EACCES
                ? " (in a container, set it from outside: Docker's --sysctl \(file.dropFirst("/proc/sys/".count).split(separator: "/").joined(separator: "."))=1)" : ""
            throw DataPlaneError("cannot enable forwarding in \(file)\(hint)", errno: error)
        }
        close(fd)
    }
    logger.debug("IP forwarding enabled", metadata: ["ipv6": "\(ipv6)"])
}

/// Whether a /proc/sys switch reads "1".
private func isOn(_ file: String) -> Bool {
    let fd = open(file, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var byte: UInt8 = 0
    return read(fd, &byte, 1) == 1 && byte == UInt8(ascii: "1")
}
