import Benchmark
import IKEEngine
import IKELoopback

extension BenchmarkMetric {
    /// The benchmark thread's CPU time for the handshake, both sides.
    static let cpuMicroseconds = BenchmarkMetric.custom("CPU time (µs)")
    /// Time inside the gateway engine and its EAP service.
    static let gatewayMicroseconds = BenchmarkMetric.custom("gateway time (µs)")
    /// Allocations inside the gateway engine and its EAP service.
    static let gatewayAllocations = BenchmarkMetric.custom("gateway mallocs")
    static let gatewayHeapBytes = BenchmarkMetric.custom("gateway heap B/SA")
    static let gatewayRequestedBytes = BenchmarkMetric.custom("gateway requested B/SA")
    static let gatewayLiveAllocations = BenchmarkMetric.custom("gateway allocations/SA")
    static let clientHeapBytes = BenchmarkMetric.custom("client heap B/SA")
}

/// One complete handshake in memory, client and gateway engines in this
/// process, and what the gateway keeps per established SA.
let benchmarks: @Sendable () -> Void = {
    for proposal in [HandshakeProposal.windows, .modern] {
        handshakeBenchmark(proposal)
    }
    for proposal in [HandshakeProposal.windows, .modern] {
        for count in [1_000, 10_000] {
            saMemoryBenchmark(proposal, count: count)
        }
    }
}

/// IKE_SA_INIT and IKE_AUTH with EAP-MSCHAPv2 (identity, challenge,
/// response, success, final AUTH, CP address, CHILD_SA) between persistent
/// engines, a fresh IKE SA each iteration. The SA is checked and deleted
/// after the measured region, so every iteration starts from the same
/// gateway state, as on a gateway whose clients come and go.
private func handshakeBenchmark(_ proposal: HandshakeProposal) {
    let fixture: LoopbackHandshake
    do {
        fixture = try LoopbackHandshake(proposal: proposal, addresses: IPv4Subnet("198.18.0.0/24")!)
        try fixture.network.addUser("alice", password: "secret")
        try fixture.replaceClient()
    } catch {
        preconditionFailure("handshake fixture: \(error)")
    }
    let meter = EndpointMeter(watching: LoopbackNetwork.gateway, on: fixture.network)
    let credentials = LoopbackHandshake.credentials("alice", "secret")

    Benchmark("handshake, \(proposal.name)",
              configuration: .init(metrics: [.wallClock, .cpuMicroseconds, .mallocCountTotal, .gatewayMicroseconds, .gatewayAllocations],
                                   warmupIterations: 10, scalingFactor: .one, maxDuration: .seconds(10), maxIterations: 3_000)) { benchmark in
        meter.reset()
        benchmark.startMeasurement()
        let cpuStart = Clocks.threadCPUNanoseconds()
        let spi = try fixture.connect(credentials)
        let cpu = Clocks.threadCPUNanoseconds() - cpuStart
        benchmark.stopMeasurement()

        try fixture.verifyEstablished(user: "alice")
        benchmark.measurement(.cpuMicroseconds, cpu / 1_000)
        benchmark.measurement(.gatewayMicroseconds, meter.nanoseconds / 1_000)
        benchmark.measurement(.gatewayAllocations, meter.allocations)
        fixture.terminate(spi)
        guard fixture.gateway.count == 0, fixture.client?.count == 0 else { throw HandshakeFailure("SA not deleted") }
        fixture.network.removeRecords()
    }
}

/// What the gateway holds per established SA, from `count` SAs; one
/// iteration, as the number does not vary with timing.
private func saMemoryBenchmark(_ proposal: HandshakeProposal, count: Int) {
    Benchmark("SA memory, \(count) SAs, \(proposal.name)",
              configuration: .init(metrics: [.gatewayHeapBytes, .gatewayRequestedBytes, .gatewayLiveAllocations, .clientHeapBytes,
                                             .mallocCountTotal],
                                   warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(600), maxIterations: 1)) { benchmark in
        let result = try SAMemory.measure(count: count, proposal: proposal)
        benchmark.measurement(.gatewayHeapBytes, result.gateway.heapBytes)
        benchmark.measurement(.gatewayRequestedBytes, result.gateway.requestedBytes)
        benchmark.measurement(.gatewayLiveAllocations, result.gateway.allocations)
        benchmark.measurement(.clientHeapBytes, result.client.heapBytes)
    }
}
