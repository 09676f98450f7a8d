import CSQLite

/// A small wrapper of one SQLite connection: statements, bindings,
/// transactions, errors with SQLite's message.
///
/// `@unchecked Sendable`: the connection is opened in serialized mode
/// (SQLITE_OPEN_FULLMUTEX), so SQLite itself locks every call; callers keep
/// transactions on one queue.
final class SQLiteDatabase: @unchecked Sendable {
    private let handle: OpaquePointer

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    enum Value {
        case text(String)
        case integer(Int64)
    }

    init(path: String) throws {
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
    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw Failure(description: message.map { String(cString: $0) } ?? "error \(sqlite3_errcode(handle))")
        }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw lastError() }
        return Statement(database: self, handle: statement)
    }

    /// Runs a query and hands each row to `body`.
    func query(_ sql: String, _ body: (Row) throws -> Void) throws {
        let statement = try prepare(sql)
        while true {
            switch sqlite3_step(statement.handle) {
            case SQLITE_ROW: try body(Row(handle: statement.handle))
            case SQLITE_DONE: return
            default: throw lastError()
            }
        }
    }

    /// Runs `body` in a transaction, rolled back if it throws.
    func transaction(_ body: () throws -> Void) throws {
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

    final class Statement {
        fileprivate let handle: OpaquePointer
        private let database: SQLiteDatabase

        fileprivate init(database: SQLiteDatabase, handle: OpaquePointer) {
            self.database = database
            self.handle = handle
        }

        deinit { sqlite3_finalize(handle) }

        /// Binds the values to ?1, ?2, … and runs the statement once.
        func run(_ values: Value...) throws {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                let status: Int32 = switch value {
                // SQLITE_TRANSIENT: SQLite copies the text before we return.
                case .text(let text): sqlite3_bind_text(handle, position, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                case .integer(let number): sqlite3_bind_int64(handle, position, number)
                }
                guard status == SQLITE_OK else { throw database.lastError() }
            }
            guard sqlite3_step(handle) == SQLITE_DONE else { throw database.lastError() }
        }
    }

    struct Row {
        fileprivate let handle: OpaquePointer

        func text(_ column: Int32) -> String {
            sqlite3_column_text(handle, column).map { String(cString: $0) } ?? ""
        }
    }
}
