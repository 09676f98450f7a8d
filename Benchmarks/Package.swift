// swift-tools-version: 6.1
//
// Gatehouse benchmarks (package-benchmark). A separate package so that the
// benchmark harness and swift-crypto (used here only as a point of
// comparison) stay out of the gateway's own build. Run from this folder:
//
//   swift package benchmark                     # everything
//   swift package benchmark --filter 'decode.*' # by whole-name regex
//   swift package benchmark --target HandshakeBenchmarks
//
// Results and the machine they ran on go in ../docs/benchmarks.md.

import PackageDescription

let package = Package(
    name: "GatehouseBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // The parent package is named after its folder by default; name it.
        .package(name: "Gatehouse", path: ".."),
        // "MallocInterposer" alone: the default traits also pull in
        // swift-runtime-interposer, which is not available on this machine.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        // The interposer the benchmark harness already links, read directly to
        // count the gateway's share of a handshake's allocations.
        .package(url: "https://github.com/ordo-one/malloc-interposer", exact: "1.6.1"),
    ],
    targets: [
        .executableTarget(
            name: "WireBenchmarks",
            dependencies: [
                .product(name: "IKEWire", package: "Gatehouse"),
                .product(name: "IKECrypto", package: "Gatehouse"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/WireBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CryptoBenchmarks",
            dependencies: [
                .product(name: "IKEWire", package: "Gatehouse"),
                .product(name: "IKECrypto", package: "Gatehouse"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Benchmarks/CryptoBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "HandshakeBenchmarks",
            dependencies: [
                .product(name: "IKEWire", package: "Gatehouse"),
                .product(name: "IKECrypto", package: "Gatehouse"),
                .product(name: "IKEEngine", package: "Gatehouse"),
                .product(name: "IKELoopback", package: "Gatehouse"),
                .product(name: "TestSupport", package: "Gatehouse"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
                "CHeapUsage",
            ],
            path: "Benchmarks/HandshakeBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        /// glibc's mallinfo2, which Swift's Glibc module does not import.
        .target(name: "CHeapUsage", path: "Support/CHeapUsage"),
    ],
    swiftLanguageModes: [.v6]
)
