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

    /// The committed seeds in `directory`, by name, after writing `seeds`
    /// there when GATEHOUSE_WRITE_CORPUS=1: how a changed fixture reaches
    /// the corpus, and how a test sees that the committed one is stale.
    public static func committedSeeds(_ seeds: [(String, [UInt8])], in directory: String) throws -> [String: [UInt8]] {
        if ProcessInfo.processInfo.environment["GATEHOUSE_WRITE_CORPUS"] == "1" {
            for (name, bytes) in seeds { try write(bytes, name: name, in: directory) }
        }
        return Dictionary(uniqueKeysWithValues: try files(in: directory).map { ($0.name, $0.bytes) })
    }

    /// A short, fixed-seed stand-in for what libFuzzer does, for the tests
    /// that run a fuzz check on mutated seeds: a few octets of `seed`
    /// changed, the input cut short, or random octets appended. The first
    /// octet, which chooses the check's mode, is kept (seeds have two or
    /// more octets).
    public static func mutation(of seed: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var input = seed
        switch random.next() % 3 {
        case 0:
            for _ in 0...(random.next() % 4) {
                let index = 1 + Int(random.next() % UInt64(input.count - 1))
                input[index] = UInt8(truncatingIfNeeded: random.next())
            }
        case 1:
            input = Array(input.prefix(1 + Int(random.next() % UInt64(input.count))))
        default:
            input += (0..<(random.next() % 64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        }
        return input
    }
}
