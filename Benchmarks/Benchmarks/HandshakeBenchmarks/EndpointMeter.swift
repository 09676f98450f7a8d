import IKEEngine
import IKELoopback
import IKEWire
import MallocInterposerSwift

/// Adds up the time and allocations spent in calls the loopback network
/// makes on behalf of one endpoint: for the gateway, its engine and its EAP
/// service, which is the share of a handshake a real gateway pays.
///
/// Time is read from the monotonic clock (about 30 ns a read here), not the
/// thread's CPU clock, which is a system call of about 0.9 µs on this
/// machine and would add more than it measures across a dozen calls. On an
/// otherwise idle core the two agree; under load compare medians.
final class EndpointMeter {
    private(set) var nanoseconds = 0
    private(set) var allocations = 0

    init(watching watched: Endpoint, on network: LoopbackNetwork) {
        network.instrument = { endpoint, call in
            guard endpoint == watched else { return call() }
            let allocationsBefore = MallocInterposerSwift.getStatistics().mallocCount
            let start = Clocks.monotonicNanoseconds()
            let actions = call()
            self.nanoseconds += Clocks.monotonicNanoseconds() - start
            self.allocations += MallocInterposerSwift.getStatistics().mallocCount - allocationsBefore
            return actions
        }
    }

    func reset() {
        nanoseconds = 0
        allocations = 0
    }
}
