import COpenSSL

/// Key material that is wiped from memory when the last copy goes away and that
/// never prints its contents.
///
/// Keys derived by prf+, Diffie-Hellman shared secrets, MSKs and NT hashes are
/// all held as `SecretBytes`. `description` is redacted so that logging a value
/// by mistake cannot leak it.
/// `@unchecked Sendable`: the storage is never written after creation but
/// by its deinit, and ManagedBuffer subclasses cannot be declared Sendable.
public struct SecretBytes: @unchecked Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes in the same allocation as their count (one allocation per
    /// secret rather than an object and an array: an IKE SA holds seven
    /// keys, and 10,000s of SAs are kept). Immutable after creation; only
    /// deinit writes, to wipe them.
    private final class Storage: ManagedBuffer<Int, UInt8> {
        static func make(_ source: UnsafeRawBufferPointer) -> Storage {
            let storage = unsafeDowncast(create(minimumCapacity: source.count) { _ in source.count }, to: Storage.self)
            storage.withUnsafeMutablePointerToElements { elements in
                if let base = source.baseAddress { elements.update(from: base.assumingMemoryBound(to: UInt8.self), count: source.count) }
            }
            return storage
        }

        var bytes: UnsafeRawBufferPointer {
            withUnsafeMutablePointerToElements { UnsafeRawBufferPointer(start: $0, count: header) }
        }

        deinit {
            withUnsafeMutablePointers { count, elements in OPENSSL_cleanse(elements, count.pointee) }
        }
    }

    private let storage: Storage

    /// Takes ownership of `bytes` and wipes them once copied. The array must
    /// not be used afterwards: the wipe reaches only storage that no other
    /// array shares.
    public init(_ bytes: consuming [UInt8]) {
        var bytes = bytes
        storage = bytes.withUnsafeMutableBytes { buffer in
            defer { if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) } }
            return Storage.make(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Copies a slice of another secret.
    public init<C: Collection<UInt8>>(copying bytes: C) {
        if let storage = bytes.withContiguousStorageIfAvailable({ Storage.make(UnsafeRawBufferPointer($0)) }) {
            self.init(storage: storage)
        } else {
            self.init(Array(bytes))
        }
    }

    private init(storage: Storage) { self.storage = storage }

    /// The number of bytes.
    public var count: Int { storage.header }

    /// Gives temporary access to the bytes. Do not let them escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(storage.bytes) }
    }

    /// A copy of the bytes, for tests. Not public: a copy handed out would
    /// outlive the wipe.
    var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// A sub-range of the secret as a new secret (used to split prf+ output into keys).
    public func slice(_ range: Range<Int>) -> SecretBytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "slice \(range) of a \(count)-byte secret")
        return withUnsafeBytes { SecretBytes(storage: Storage.make(UnsafeRawBufferPointer(rebasing: $0[range]))) }
    }

    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
}

extension SecretBytes: Equatable {
    /// Constant-time equality, so comparing secrets leaks nothing through timing.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in constantTimeEquals(left, right) } }
    }
}
