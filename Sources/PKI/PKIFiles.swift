import Foundation
import X509

/// The files of a CA and the certificates it issues, written the way keys
/// must be: created with their final mode (keys readable by their owner
/// only, never briefly world-readable) and never over an existing file.
/// Only public files that are meant to change (the CRL, its number) are
/// replaced, and then whole, by renaming a new file over them.
public enum PKIFiles {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// Writes a new file; `secret` makes it mode 0600 (else 0644).
    public static func write(_ text: String, to path: String, secret: Bool) throws {
        try write(Array(text.utf8), to: path, secret: secret)
    }

    /// Writes a new file of `bytes`; `secret` makes it mode 0600 (else 0644).
    public static func write(_ bytes: [UInt8], to path: String, secret: Bool) throws {
        try createFolder(of: path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, secret ? 0o600 : 0o644)
        guard descriptor >= 0 else { throw failure("cannot create", path) }
        defer { close(descriptor) }
        try write(bytes, to: descriptor, path: path)
    }

    /// The rows of a tab-separated record file of the PKI folder
    /// (`issued.txt`, `revoked.txt`), without blank lines and `#` comments;
    /// none when the file does not exist yet.
    public static func rows(in path: String) throws -> [[String]] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try read(path).split(whereSeparator: \.isNewline).filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Adds a row at the end of a public record file, creating it (0644)
    /// with `header` as its first line when missing. One `write` with
    /// O_APPEND, so a row is never interleaved with another writer's.
    public static func append(row: [String], header: String, to path: String) throws {
        guard !row.contains(where: { $0.contains(where: { $0 == "\t" || $0.isNewline }) }) else {
            throw Failure(description: "a field for \(path) contains a tab or a line break")
        }
        try createFolder(of: path)
        let exists = FileManager.default.fileExists(atPath: path)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot open", path) }
        defer { close(descriptor) }
        let line = (exists ? "" : "# \(header)\n") + row.joined(separator: "\t") + "\n"
        try write(Array(line.utf8), to: descriptor, path: path)
    }

    /// Replaces a public file (0644) with `bytes`: the bytes go to a new
    /// file beside it, which is then renamed over it, so a reader (the
    /// gateway reloading its CRL) sees the old file or the new one, never
    /// half of one.
    public static func replace(_ bytes: [UInt8], at path: String) throws {
        let temporary = path + ".new-\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        try write(bytes, to: temporary, secret: false)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename \(temporary) to", path)
            unlink(temporary)
            throw error
        }
    }

    /// The text of a file, with a clear error when it cannot be read.
    public static func read(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot read \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// The CA whose certificate is `certificatePath` and key `keyPath`,
    /// checked to belong together.
    public static func loadAuthority(certificatePath: String, keyPath: String) throws -> CertificateAuthority {
        let certificate = try Certificate(pemEncoded: read(certificatePath))
        let key = try Certificate.PrivateKey(pemEncoded: read(keyPath))
        guard key.publicKey == certificate.publicKey else {
            throw Failure(description: "\(keyPath) is not the key of \(certificatePath)")
        }
        return CertificateAuthority(root: IssuedCertificate(certificate: certificate, privateKey: key))
    }

    private static func createFolder(of path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw failure("cannot write", path) }
            written += count
        }
    }

    private static func failure(_ what: String, _ path: String) -> Failure {
        Failure(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
