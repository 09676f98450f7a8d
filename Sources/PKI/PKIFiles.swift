import Foundation
import X509

/// The files of a CA and the certificates it issues, written the way keys
/// must be: created with their final mode (keys readable by their owner
/// only, never briefly world-readable) and never over an existing file.
public enum PKIFiles {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Writes a new file; `secret` makes it mode 0600 (else 0644).
    public static func write(_ text: String, to path: String, secret: Bool) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0o600 : 0o644)
        guard descriptor >= 0 else {
            throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            written += count
        }
    }

    /// The CA whose certificate is `certificatePath` and key `keyPath`,
    /// checked to belong together.
    public static func loadAuthority(certificatePath: String, keyPath: String) throws -> CertificateAuthority {
        let certificate = try Certificate(pemEncoded: String(contentsOfFile: certificatePath, encoding: .utf8))
        let key = try Certificate.PrivateKey(pemEncoded: String(contentsOfFile: keyPath, encoding: .utf8))
        guard key.publicKey == certificate.publicKey else {
            throw Failure(description: "\(keyPath) is not the key of \(certificatePath)")
        }
        return CertificateAuthority(root: IssuedCertificate(certificate: certificate, privateKey: key))
    }
}
