import CSQLite

/// A small wrapper of one SQLite connection: statements, bindings,
/// transactions, errors with SQLite's message. The lease journal and the
/// accounting spool share it.
///
/// `@unchecked Sendable`: the connection is opened in serialized mode
/// (SQLITE_OPEN_FULLMUTEX), so SQLite itself locks every call; callers keep
/// transactions on one queue.
public final class SQLiteDatabase: @unchecked Sendable {
    private let handle: OpaquePointer

    /// An SQLite error, with SQLite's message (which names tables and
    /// columns, never bound values).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A value bound to a statement parameter.
    public enum Value {
        case text(String)
        case integer(Int64)
        case blob([UInt8])
        case null
    }

    public init(path: String) throws(Failure) {
        var handle: OpaquePointer?
        let status = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw Failure(description: "cannot open \(path): \(message)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 2000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws(Failure) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: message.map { String(cString: $0) } ?? "error \(sqlite3_errcode(handle))")
        }
    }

    public func prepare(_ sql: String) throws(Failure) -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw lastError() }
        return Statement(database: self, handle: statement)
    }

    /// Runs a query with `values` bound to ?1, ?2, … and hands each row to `body`.
    public func query(_ sql: String, _ values: Value..., body: (Row) throws(Failure) -> Void) throws(Failure) {
        try prepare(sql).query(values, body: body)
    }

    /// Runs `body` in a transaction, rolled back if it throws.
    public func transaction(_ body: () throws -> Void) throws {
        try execute("BEGIN IMMEDIATE")
        do {
            try body()
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    fileprivate func lastError() -> Failure {
        Failure(description: String(cString: sqlite3_errmsg(handle)))
    }

    public final class Statement {
        fileprivate let handle: OpaquePointer
        private let database: SQLiteDatabase

        fileprivate init(database: SQLiteDatabase, handle: OpaquePointer) {
            self.database = database
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        /// Binds the values to ?1, ?2, … and runs the statement once.
        public func run(_ values: Value...) throws(Failure) {
            try bind(values)
            guard sqlite3_step(handle) == SQLITE_DONE else { throw database.lastError() }
        }

        /// Binds the values to ?1, ?2, … and hands each row to `body`.
        public func query(_ values: [Value], body: (Row) throws(Failure) -> Void) throws(Failure) {
            try bind(values)
            defer { sqlite3_reset(handle) }
            while true {
                switch sqlite3_step(handle) {
                case SQLITE_ROW: try body(Row(handle: handle))
                case SQLITE_DONE: return
                default: throw database.lastError()
                }
            }
        }

        private func bind(_ values: [Value]) throws(Failure) {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            // SQLITE_TRANSIENT: SQLite copies text and blobs before we return.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                let status: Int32 = switch value {
                case .text(let text): sqlite3_bind_text(handle, position, text, -1, transient)
                case .integer(let number): sqlite3_bind_int64(handle, position, number)
                case .blob(let octets):
                    // A zero-length blob needs a non-null pointer, or SQLite binds NULL.
                    octets.isEmpty ? sqlite3_bind_zeroblob(handle, position, 0)
                        : octets.withUnsafeBytes { sqlite3_bind_blob(handle, position, $0.baseAddress, Int32($0.count), transient) }
                case .null: sqlite3_bind_null(handle, position)
                }
                guard status == SQLITE_OK else { throw database.lastError() }
            }
        }
    }

    /// The current row of a query; valid only inside the query's body.
    public struct Row {
        fileprivate let handle: OpaquePointer

        public func text(_ column: Int32) -> String {
            sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
        }

        public func integer(_ column: Int32) -> Int64 {
            sqlite3_column_int64(handle, column)
        }

        public func blob(_ column: Int32) -> [UInt8] {
            // Pointer first, then the size (SQLite's documented order).
            guard let pointer = sqlite3_column_blob(handle, column) else { return [] }
            let count = Int(sqlite3_column_bytes(handle, column))
            return Array(UnsafeRawBufferPointer(start: pointer, count: count))
        }

        public func isNull(_ column: Int32) -> Bool {
            sqlite3_column_type(handle, column) == SQLITE_NULL
        }
    }
}
