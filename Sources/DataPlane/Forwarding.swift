import Glibc
import Logging

/// Turns on IP forwarding (net.ipv4.ip_forward, and IPv6 forwarding when
/// asked): a gateway that does not forward carries nothing. Inside a
/// container or namespace these are the namespace's own settings.
func enableForwarding(ipv6: Bool, logger: Logger) throws(DataPlaneError) {
    var files = ["/proc/sys/net/ipv4/ip_forward"]
    if ipv6 { files.append("/proc/sys/net/ipv6/conf/all/forwarding") }
    for file in files {
        let fd = open(file, O_WRONLY | O_CLOEXEC)
        guard fd >= 0, write(fd, "1", 1) == 1 else {
            let error = errno
            if fd >= 0 { close(fd) }
            // IPv6 may be disabled altogether; IPv4 forwarding is required.
            if file.contains("ipv6") && error == ENOENT { continue }
            throw DataPlaneError("cannot enable forwarding in \(file)", errno: error)
        }
        close(fd)
    }
    logger.debug("IP forwarding enabled", metadata: ["ipv6": "\(ipv6)"])
}
