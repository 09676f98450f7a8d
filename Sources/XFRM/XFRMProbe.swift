import IKECrypto
import IKEWire

/// Whether this kernel can run the XFRM data plane, found by trying it.
///
/// Kernel configuration files are not always readable (containers) and
/// modules load on demand, so the probe installs a throwaway ESP state and
/// deletes it again. The state uses documentation addresses
/// (192.0.2.254 -> 192.0.2.253, RFC 5737), a random SPI, random keys, no
/// policy refers to it and it has a hard lifetime of a minute, so nothing
/// can use it and it disappears even if the delete fails.
public enum XFRMProbe {
    public enum Result: Hashable, Sendable, CustomStringConvertible {
        /// The kernel installed an ESP tunnel state.
        case supported
        /// It did not; the error says why, e.g. EPROTONOSUPPORT "Requested
        /// type not found" without CONFIG_INET_ESP, or EPERM without CAP_NET_ADMIN.
        case unsupported(XFRMError)

        public var description: String {
            switch self {
            case .supported: "ESP supported"
            case .unsupported(let reason): "ESP unsupported: \(reason)"
            }
        }
    }

    /// AES-CBC with HMAC-SHA-256-128: algorithms every kernel with ESP has
    /// (the probe asks about ESP, not about optional ciphers).
    public static func kernelSupportsESP() -> Result {
        do throws(XFRMError) {
            let socket = try XFRMSocket(timeout: .seconds(2))
            var generator = SystemRandomNumberGenerator()
            let spi = UInt32.random(in: 0x100...UInt32.max, using: &generator)
            let destination = IPAddress.v4(IPv4Address(192, 0, 2, 253))
            let state = try XFRMState(
                source: .v4(IPv4Address(192, 0, 2, 254)), destination: destination, spi: spi, reqid: 0,
                cipher: .encryptionAndAuthentication(
                    try .aesCBC(key: SecretBytes((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })),
                    try .hmacSHA256_128(key: SecretBytes((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }))),
                replayWindow: 0,
                lifetime: XFRMLifetime(hardAddExpiresSeconds: 60))
            do {
                try socket.install(state)
            } catch .kernel(.alreadyExists, _) {
                // A state with this SPI and destination exists, so the kernel
                // installed an ESP state before: ESP works. (Not deleted: it
                // is not ours.)
                return .supported
            }
            // Failing to delete does not change the answer; the state
            // expires within a minute.
            try? socket.delete(spi: spi, destination: destination)
            return .supported
        } catch {
            return .unsupported(error)
        }
    }
}
