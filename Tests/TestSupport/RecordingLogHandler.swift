import Logging
import Synchronization

/// Keeps every log record, so tests can check what was logged and that no
/// secret was.
public struct RecordingLogHandler: LogHandler {
    public struct Record: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: Logger.Metadata

        /// The message and metadata as one string, for searching.
        public var text: String { "\(message) \(metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })" }
    }

    public final class Store: Sendable {
        public init() {}

        private let records = Mutex<[Record]>([])
        public func append(_ record: Record) { records.withLock { $0.append(record) } }
        public var all: [Record] { records.withLock { $0 } }
    }

    public let store: Store
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .trace

    public init(store: Store) { self.store = store }

    public func log(event: LogEvent) {
        store.append(Record(level: event.level, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 }))
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// A logger recording into a fresh store.
    public static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "test") { _ in RecordingLogHandler(store: store) }, store)
    }
}
