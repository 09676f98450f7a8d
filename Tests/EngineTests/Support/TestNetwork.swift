import IKEWire
@testable import IKEEngine

/// Engines wired together in memory: whatever one sends is delivered to the
/// engine listening at the destination, until nothing is left in flight. Time
/// moves only when a test says so.
final class TestNetwork {
    var now = EngineInstant.zero
    private(set) var engines: [Endpoint: IKEEngine] = [:]
    /// Every event any engine emitted, in order.
    private(set) var events: [IKESAEvent] = []
    /// Every datagram sent, in order.
    private(set) var sent: [OutboundDatagram] = []
    /// Rewrites or drops datagrams in flight (a NAT, a lossy link); nil drops.
    var path: (OutboundDatagram) -> InboundDatagram? = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }

    static let client = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: 500)
    static let gateway = Endpoint(address: .v4(IPv4Address(192, 0, 2, 1)), port: 500)

    func attach(_ engine: IKEEngine, at endpoint: Endpoint) {
        engines[endpoint] = engine
    }

    /// Carries out `actions` and everything they cause.
    func run(_ actions: [EngineAction]) {
        var queue = actions
        while !queue.isEmpty {
            let action = queue.removeFirst()
            switch action {
            case .event(let event):
                events.append(event)
            case .send(let datagram):
                sent.append(datagram)
                guard let inbound = path(datagram), let engine = engines[inbound.local] else { continue }
                queue += engine.receive(inbound, now: now)
            }
        }
    }

    /// Moves time forward and wakes every engine that is due.
    func advance(by duration: Duration) {
        now = now.advanced(by: duration)
        for engine in engines.values {
            if let wakeUp = engine.nextWakeUp, wakeUp <= now {
                run(engine.wake(now: now))
            }
        }
    }
}
