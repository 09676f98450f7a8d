import IKELoopback

/// The tests drive engines with the same in-memory network as the
/// benchmarks; the old name stays so the tests read as before.
typealias TestNetwork = LoopbackNetwork
