import Foundation

/// Reads and writes the fuzz corpora kept in the repository under `Fuzz/`.
public enum FuzzCorpus {
    /// The package root, found from this file's location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file in `directory` (relative to the package root), sorted by name.
    public static func files(in directory: String) -> [(name: String, bytes: [UInt8])] {
        let url = packageRoot.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else { return nil }
            return (name, [UInt8](data))
        }
    }

    /// Writes `bytes` as `directory/name`, creating the directory.
    public static func write(_ bytes: [UInt8], name: String, in directory: String) throws {
        let url = packageRoot.appendingPathComponent(directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }
}
