import Foundation

/// Reads and writes the fuzz corpora kept in the repository under `Fuzz/`.
public enum FuzzCorpus {
    /// The package root, found from this file's location.
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every file in `directory` (relative to the package root), sorted by
    /// name, skipping dotfiles (`.gitkeep` keeps empty folders in git).
    ///
    /// - Throws: if the directory is missing, so a wrong path fails the test
    ///   instead of replaying nothing.
    public static func files(in directory: String) throws -> [(name: String, bytes: [UInt8])] {
        let url = packageRoot.appendingPathComponent(directory)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        return try names.sorted().filter { !$0.hasPrefix(".") }.map { name in
            (name, [UInt8](try Data(contentsOf: url.appendingPathComponent(name))))
        }
    }

    /// Writes `bytes` as `directory/name`, creating the directory.
    public static func write(_ bytes: [UInt8], name: String, in directory: String) throws {
        let url = packageRoot.appendingPathComponent(directory)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try Data(bytes).write(to: url.appendingPathComponent(name))
    }
}
