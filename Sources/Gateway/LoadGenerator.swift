import Foundation
import IKECrypto
import IKEEngine
import IKEWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEndpoint
import NIOPosix

/// `gatehouse bench`: IKEv2 handshakes against a gateway (Gatehouse or any
/// other), made by the engine's own initiator role on one event loop, with
/// a fixed number in flight. Each SA is established (EAP-MSCHAPv2, or a
/// machine certificate with an RSA signature as Windows sends it), timed,
/// then deleted unless `keep` says otherwise, and the next one starts. An
/// SA counts as established once its CHILD_SA is: an IKE SA the gateway
/// gave no CHILD_SA (no address, no acceptable ESP proposal) is of no use
/// to a client, so it is a failure, and the engine deletes it.
public final class LoadGenerator: Sendable {
    public struct Settings: Sendable {
        public var gateway: Endpoint
        /// The address to send from (an ephemeral port is bound).
        public var local: IPAddress
        public var count: Int
        public var concurrency: Int
        /// Users by name and password, taken in turn (EAP-MSCHAPv2).
        public var users: [(name: String, password: String)]
        /// Authenticate with this machine certificate instead of EAP.
        public var certificate: ClientCertificate?
        /// The gateway's key: its AUTH must verify with it.
        public var gatewayKey: PublicKey
        public var ikeProposals: [IKEProposalPolicy] = DefaultProposals.ike
        public var espProposals: [ESPProposalPolicy] = DefaultProposals.esp
        /// The virtual address to ask for (CP request), if any.
        public var requestAddress: ConfigurationAttributeType?
        /// Keep the SAs up instead of deleting each one.
        public var keep = false

        public init(gateway: Endpoint, local: IPAddress, count: Int, concurrency: Int, users: [(name: String, password: String)],
                    gatewayKey: PublicKey) {
            self.gateway = gateway
            self.local = local
            self.count = count
            self.concurrency = concurrency
            self.users = users
            self.gatewayKey = gatewayKey
        }
    }

    /// A machine certificate and its key, as Windows uses them: IDi is the
    /// certificate's subject DN, and AUTH an RSA signature (method 1).
    public struct ClientCertificate: Sendable {
        /// DER, the client's own certificate first.
        public var chain: [[UInt8]]
        public var subject: [UInt8]
        public var key: PrivateKey

        public init(chain: [[UInt8]], subject: [UInt8], key: PrivateKey) {
            self.chain = chain
            self.subject = subject
            self.key = key
        }
    }

    /// What a run measured.
    public struct Report: Sendable, CustomStringConvertible {
        public var established = 0
        public var failed = 0
        public var elapsed: Duration = .zero
        /// Handshake latencies (IKE_SA_INIT sent to the CHILD_SA established), sorted.
        public var latencies: [Duration] = []
        /// Datagrams sent and received.
        public var sent = 0
        public var received = 0
        /// Why SAs failed, with counts.
        public var failures: [String: Int] = [:]

        private var seconds: Double { Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18 }

        public var rate: Double { seconds > 0 ? Double(established) / seconds : 0 }

        public func percentile(_ p: Double) -> Duration {
            guard !latencies.isEmpty else { return .zero }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }

        public var description: String {
            var text = String(format: "established %d, failed %d in %.2f s: %.1f handshakes/s; latency p50 %@ p90 %@ p99 %@; datagrams sent %d, received %d",
                              established, failed, seconds,
                              rate, "\(percentile(0.5))", "\(percentile(0.9))", "\(percentile(0.99))", sent, received)
            for (reason, count) in failures.sorted(by: { $0.value > $1.value }) { text += "\n  \(count) × \(reason)" }
            return text
        }
    }

    private let settings: Settings
    private let logger: Logger
    private let state = NIOLockedValueBox(RunState())

    private struct RunState {
        var started = 0
        var finished = 0
        /// Started and not finished; `inFlight` only learns an SA's SPI
        /// once the engine has run its initiation.
        var active = 0
        var inFlight: [UInt64: Attempt] = [:]
        var report = Report()
        var begin = NIODeadline.now()
    }

    /// One handshake under way, by our SPI.
    private struct Attempt {
        let started: NIODeadline
        var established = false
    }

    public init(settings: Settings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Runs the handshakes and returns what was measured.
    public func run() async throws -> Report {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let report = try await run(on: group)
            try await group.shutdownGracefully()
            return report
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// What the handshakes run on, known once the socket is bound.
    private struct Wiring: Sendable {
        let shard: EngineShard
        let channel: any Channel
        /// The socket's address and (ephemeral) port.
        let local: Endpoint
        let done: EventLoopPromise<Void>
    }

    private func run(on group: MultiThreadedEventLoopGroup) async throws -> Report {
        let loop = group.next()
        var configuration = EngineConfiguration()
        configuration.ikeProposals = settings.ikeProposals
        configuration.espProposals = settings.espProposals
        // No liveness checks of our own: SAs kept up for minutes would
        // otherwise add an exchange every 30 s each to the load measured.
        configuration.lifecycle.livenessInterval = nil
        // The engine acts only after `launch`, by which time this is set.
        let wiring = NIOLockedValueBox<Wiring?>(nil)
        let shard = try await EngineShard.make(index: 0, eventLoop: loop, configuration: configuration, addresses: VirtualAddressPools(ipv4: nil),
                                               identities: IdentityRegistry(), logger: logger) { [self] _, action in
            if let wiring = wiring.withLockedValue({ $0 }) { perform(action, on: wiring) }
        }
        let channel = try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .bind(to: try Endpoint(address: settings.local, port: 0).socketAddress()).get()
        guard let port = channel.localAddress?.port else { throw LoadGeneratorError("the socket has no local port") }
        let local = Endpoint(address: settings.local, port: UInt16(port))
        // The gateway's own receive handler, added once the port is known;
        // nothing arrives before the first request leaves.
        try await channel.pipeline.addHandler(IKEDatagramHandler(local: local, natTraversal: false, dataPlane: nil, logger: logger) { [self] datagram in
            state.withLockedValue { $0.report.received += 1 }
            shard.run { engine, now in engine.receive(datagram, now: now) }
        })
        let running = Wiring(shard: shard, channel: channel, local: local, done: loop.makePromise(of: Void.self))
        wiring.withLockedValue { $0 = running }
        state.withLockedValue { $0.begin = .now() }
        loop.execute { self.launch(running) }
        try await running.done.futureResult.get()
        try? await channel.close()
        return state.withLockedValue { state in
            state.report.elapsed = .nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds - state.begin.uptimeNanoseconds))
            state.report.latencies.sort()
            return state.report
        }
    }

    /// Starts handshakes until `concurrency` are in flight.
    private func launch(_ wiring: Wiring) {
        while true {
            let next: Int? = state.withLockedValue { state in
                guard state.started < settings.count, state.active < settings.concurrency else { return nil }
                state.started += 1
                state.active += 1
                return state.started - 1
            }
            guard let index = next else { return }
            let user = settings.users[index % settings.users.count]
            let key = settings.gatewayKey
            // IDi is our address, as Windows sends it; EAP names the user.
            let identity: IdentificationPayload = switch wiring.local.address {
            case .v4(let address): .ipv4(address)
            case .v6(let address): .ipv6(address)
            }
            var credentials = if let certificate = settings.certificate {
                ClientCredentials(identity: IdentificationPayload(type: .derASN1DN, data: certificate.subject[...]),
                                  method: .certificate(chain: certificate.chain, signer: KeyAuthenticationSigner(key: certificate.key, method: .rsaSignature))) { _, _ in key }
            } else {
                ClientCredentials(identity: identity, userName: user.name, password: user.password) { _, _ in key }
            }
            credentials.configurationRequest = settings.requestAddress.map { [$0] } ?? []
            let gateway = settings.gateway
            let request = credentials
            wiring.shard.run { [self] engine, now in
                do {
                    let (spi, actions) = try engine.initiate(from: wiring.local, to: gateway, credentials: request, now: now)
                    state.withLockedValue { $0.inFlight[spi] = Attempt(started: .now()) }
                    return actions
                } catch {
                    finish(spi: nil, failure: "\(error)", wiring)
                    return []
                }
            }
        }
    }

    private func perform(_ action: EngineAction, on wiring: Wiring) {
        switch action {
        case .send(let datagram):
            guard let remote = try? datagram.remote.socketAddress() else { return }
            state.withLockedValue { $0.report.sent += 1 }
            var buffer = wiring.channel.allocator.buffer(capacity: datagram.message.count)
            buffer.writeBytes(datagram.message)
            wiring.channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
        case .installChildSA(let child):
            // The engine reports the IKE SA established first, then its
            // CHILD_SA; the handshake is complete with the latter.
            let spi = child.ikeSPI
            let complete = state.withLockedValue { state in
                guard let attempt = state.inFlight[spi], !attempt.established else { return false }
                state.inFlight[spi]?.established = true
                state.report.latencies.append(.nanoseconds(Int64(NIODeadline.now().uptimeNanoseconds - attempt.started.uptimeNanoseconds)))
                return true
            }
            guard complete else { return }
            if settings.keep {
                finish(spi: spi, failure: nil, wiring)
            } else {
                wiring.shard.run { engine, now in engine.terminate(spi: spi, now: now) }
            }
        case .event(.deleted(let spi, _, _, _, _)):
            // Our Delete of an established SA completed (or gave up), or
            // the engine deleted an IKE SA that came without a CHILD_SA.
            guard let attempt = state.withLockedValue({ $0.inFlight[spi] }) else { return }
            finish(spi: spi, failure: attempt.established ? nil : "established without a CHILD_SA", wiring)
        case .event(.failed(let spi, _, let reason)), .event(.authenticationFailed(let spi, _, _, let reason)):
            guard state.withLockedValue({ $0.inFlight[spi] != nil }) else { return }
            finish(spi: spi, failure: reason, wiring)
        case .event(.established), .event(.keysEstablished), .event(.rekeyed), .authenticate, .verifyCertificate, .deleteChildSA,
             .updateChildSA, .supersede:
            break
        }
    }

    /// One SA is done (or failed): count it and start the next.
    private func finish(spi: UInt64?, failure: String?, _ wiring: Wiring) {
        let complete = state.withLockedValue { state in
            if let spi { state.inFlight[spi] = nil }
            if let failure {
                state.report.failed += 1
                state.report.failures[failure, default: 0] += 1
            } else {
                state.report.established += 1
            }
            state.finished += 1
            state.active -= 1
            return state.finished == settings.count
        }
        if complete { wiring.done.succeed() } else { launch(wiring) }
    }
}

/// Why a load run could not start.
public struct LoadGeneratorError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
