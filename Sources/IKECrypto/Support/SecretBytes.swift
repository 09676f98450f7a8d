import COpenSSL

/// Key material that is wiped from memory when the last copy goes away and that
/// never prints its contents.
///
/// Keys derived by prf+, Diffie-Hellman shared secrets, MSKs and NT hashes are
/// all held as `SecretBytes`. `description` is redacted so that logging a value
/// by mistake cannot leak it.
public struct SecretBytes: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private final class Storage: @unchecked Sendable {
        // Immutable after init; only deinit writes (to wipe it).
        var bytes: [UInt8]
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        deinit {
            bytes.withUnsafeMutableBytes { buffer in
                if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
            }
        }
    }

    private let storage: Storage

    /// Takes ownership of `bytes`. The array must not be used afterwards:
    /// the wipe on release reaches only storage that no other array shares.
    public init(_ bytes: consuming [UInt8]) { storage = Storage(bytes) }

    /// Copies a slice of another secret.
    public init<C: Collection<UInt8>>(copying bytes: C) { storage = Storage(Array(bytes)) }

    /// The number of bytes.
    public var count: Int { storage.bytes.count }

    /// Gives temporary access to the bytes. Do not let them escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.bytes.withUnsafeBytes(body)
    }

    /// A copy of the bytes, for tests. Not public: a copy handed out would
    /// share the storage, and a wipe would then land on a fresh copy instead.
    var bytes: [UInt8] { storage.bytes.withUnsafeBytes { Array($0) } }

    /// A sub-range of the secret as a new secret (used to split prf+ output into keys).
    public func slice(_ range: Range<Int>) -> SecretBytes {
        SecretBytes(copying: storage.bytes[range])
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
}

extension SecretBytes: Equatable {
    /// Constant-time equality, so comparing secrets leaks nothing through timing.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        constantTimeEquals(lhs.storage.bytes, rhs.storage.bytes)
    }
}
