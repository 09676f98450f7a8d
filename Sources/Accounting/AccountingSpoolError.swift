/// Why the accounting spool could not be opened, read or written.
public enum AccountingSpoolError: Error, Sendable, CustomStringConvertible {
    /// The file cannot be opened or its tables created (a missing folder,
    /// no permission, not an SQLite file).
    case cannotOpen(path: String, reason: String)
    /// The file was written by a newer Gatehouse whose schema this one does
    /// not know; it is left alone rather than misread.
    case newerSchema(path: String, version: Int64)
    /// A read or write failed (disk full, I/O error); SQLite's message.
    case storage(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the accounting spool \(path): \(reason)"
        case .newerSchema(let path, let version): "the accounting spool \(path) has schema version \(version), newer than this gateway's"
        case .storage(let reason): "accounting spool: \(reason)"
        }
    }
}
