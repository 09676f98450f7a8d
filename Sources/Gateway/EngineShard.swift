import IKEEngine
import IKEWire
import Logging
import NIOCore

/// One shard of the SA table: an engine confined to one event loop, its
/// wake-up timer, and the execution of the engine's actions.
final class EngineShard: Sendable {
    let index: UInt8
    let eventLoop: any EventLoop
    private let state: NIOLoopBoundBox<State>
    private let perform: @Sendable (EngineShard, EngineAction) -> Void

    final class State {
        let engine: IKEEngine
        var timer: Scheduled<Void>?
        var timerDeadline: EngineInstant?

        init(engine: IKEEngine) {
            self.engine = engine
        }
    }

    /// Creates the shard on its event loop (the engine never leaves it).
    static func make(index: UInt8, eventLoop: any EventLoop, configuration: EngineConfiguration, addresses: any AddressAllocator,
                     identities: IdentityRegistry, logger: Logger, perform: @escaping @Sendable (EngineShard, EngineAction) -> Void) async throws -> EngineShard {
        try await eventLoop.submit {
            let engine = try IKEEngine(configuration: configuration, shard: index, addresses: addresses, identities: identities,
                                       logger: logger, now: .current)
            return EngineShard(index: index, eventLoop: eventLoop, state: NIOLoopBoundBox(State(engine: engine), eventLoop: eventLoop),
                               perform: perform)
        }.get()
    }

    private init(index: UInt8, eventLoop: any EventLoop, state: NIOLoopBoundBox<State>,
                 perform: @escaping @Sendable (EngineShard, EngineAction) -> Void) {
        self.index = index
        self.eventLoop = eventLoop
        self.state = state
        self.perform = perform
    }

    /// Runs `body` with the engine on its loop, carries out the actions and
    /// re-arms the timer.
    func run(_ body: @escaping @Sendable (IKEEngine, EngineInstant) -> [EngineAction]) {
        eventLoop.execute {
            let state = self.state.value
            for action in body(state.engine, .current) { self.perform(self, action) }
            self.rearm(state)
        }
    }

    /// Runs `body` with the engine on its loop and returns its result.
    func query<T: Sendable>(_ body: @escaping @Sendable (IKEEngine, EngineInstant) -> T) async throws -> T {
        try await eventLoop.submit { body(self.state.value.engine, .current) }.get()
    }

    private func rearm(_ state: State) {
        guard let next = state.engine.nextWakeUp else { return }
        if let current = state.timerDeadline, current <= next { return }
        state.timer?.cancel()
        state.timerDeadline = next
        state.timer = eventLoop.scheduleTask(deadline: .uptimeNanoseconds(next.nanoseconds)) {
            let state = self.state.value
            state.timerDeadline = nil
            state.timer = nil
            for action in state.engine.wake(now: .current) { self.perform(self, action) }
            self.rearm(state)
        }
    }
}

extension EngineInstant {
    /// Now, on the monotonic clock NIO schedules by.
    static var current: EngineInstant { EngineInstant(nanoseconds: NIODeadline.now().uptimeNanoseconds) }
}
