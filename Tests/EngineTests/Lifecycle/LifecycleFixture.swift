import IKECrypto
import IKEWire
import Logging
import TestSupport
@testable import IKEEngine

/// A gateway and the engine's client with one established session, on the
/// loopback network, plus what lifecycle tests need: holding datagrams to
/// deliver them in a chosen order, answering as the client with payloads
/// of the test's choosing, and the CHILD_SAs each side's data plane holds.
final class LifecycleFixture {
    let base = AuthExchangeTests()
    var network: TestNetwork { base.network }
    var pool: AddressPool<IPv4Address> { base.pool }
    let gateway: IKEEngine
    let client: IKEEngine
    /// The session as each side names it.
    let gatewaySession: UInt64
    let clientSession: UInt64
    let logs: RecordingLogHandler.Store
    /// Datagrams held back while ``holding`` is on.
    private(set) var held: [OutboundDatagram] = []

    /// - Parameter natOutside: where a NAT in front of the client makes its
    ///   datagrams come from, from the first one on.
    init(gateway configureGateway: (inout EngineConfiguration) -> Void = { _ in },
         client configureClient: (inout EngineConfiguration) -> Void = { _ in }, natOutside: Endpoint? = nil) throws {
        try base.network.addUser("alice", password: "secret")
        var configuration = AuthExchangeTests.gatewayConfiguration
        configureGateway(&configuration)
        let (logger, logs) = RecordingLogHandler.logger()
        self.logs = logs
        gateway = try IKEEngine(configuration: configuration, addresses: VirtualAddressPools(ipv4: base.pool), logger: logger,
                                now: base.network.now)
        base.network.attach(gateway, at: TestNetwork.gateway)
        client = try base.client(configureClient)
        if let natOutside { base.network.path = Self.nat(inside: TestNetwork.client, outside: natOutside) }
        clientSession = try base.connect(client)
        guard let session = base.network.installed.first(where: { $0.0 == TestNetwork.gateway })?.1.ikeSPI else {
            throw TestFailure("the session did not come up")
        }
        gatewaySession = session
    }

    /// A NAT in front of the client: its datagrams from `inside` appear
    /// from `outside`, and datagrams to `outside` reach it.
    static func nat(inside: Endpoint, outside: Endpoint) -> (OutboundDatagram) -> InboundDatagram? {
        { datagram in
            if datagram.local == inside { return InboundDatagram(local: datagram.remote, remote: outside, message: datagram.message) }
            if datagram.remote == outside { return InboundDatagram(local: inside, remote: datagram.local, message: datagram.message) }
            return InboundDatagram(local: datagram.remote, remote: datagram.local, message: datagram.message)
        }
    }

    // MARK: - Data plane view

    /// The CHILD_SAs an engine's data plane holds: installed, not deleted.
    func live(at endpoint: Endpoint) -> [ChildSAParameters] {
        let deleted = Set(network.deletedChildren)
        return network.installed.filter { $0.0 == endpoint && !deleted.contains($0.1.inboundSPI) }.map(\.1)
    }

    /// Whether each side has exactly one CHILD_SA, the same one: the
    /// gateway sends with the SPI and keys the client receives with, and
    /// the other way round, and the engines' records agree.
    func sidesAgreeOnOneChildSA() -> Bool {
        let gatewaySide = live(at: TestNetwork.gateway), clientSide = live(at: TestNetwork.client)
        guard gatewaySide.count == 1, clientSide.count == 1, let ours = gatewaySide.first, let theirs = clientSide.first else { return false }
        return ours.outboundSPI == theirs.inboundSPI && ours.inboundSPI == theirs.outboundSPI
            && ours.outboundEncryptionKey == theirs.inboundEncryptionKey && ours.inboundEncryptionKey == theirs.outboundEncryptionKey
            && ours.outboundIntegrityKey == theirs.inboundIntegrityKey
            && gateway.childSAs(ofSession: gatewaySession) == [ours.inboundSPI]
            && client.childSAs(ofSession: clientSession) == [theirs.inboundSPI]
    }

    // MARK: - Ordering

    /// Holds every datagram sent from now on.
    func hold() {
        network.path = { [unowned self] datagram in
            held.append(datagram)
            return nil
        }
    }

    /// Delivers everything at once from now on, held datagrams first.
    func flow() {
        network.path = { InboundDatagram(local: $0.remote, remote: $0.local, message: $0.message) }
        let pending = held
        held = []
        network.run(pending.map { .send($0) })
    }

    /// Delivers the held datagram to `destination` that is a request (or
    /// a response), and holds whatever that causes.
    func deliver(to destination: Endpoint, response: Bool) throws {
        guard let index = held.firstIndex(where: { $0.remote == destination && Self.isResponse($0) == response }) else {
            throw TestFailure("no held \(response ? "response" : "request") to \(destination)")
        }
        let datagram = held.remove(at: index)
        network.path = { [unowned self] candidate in
            if candidate == datagram { return InboundDatagram(local: candidate.remote, remote: candidate.local, message: candidate.message) }
            held.append(candidate)
            return nil
        }
        network.run([.send(datagram)])
        hold()
    }

    static func isResponse(_ datagram: OutboundDatagram) -> Bool {
        (try? IKEHeader.peek(datagram.message[...]).header.isResponse) ?? false
    }

    // MARK: - A scripted client

    /// Answers the held request to the client with `payloads`, as the
    /// client's IKE SA, instead of the client engine (which is told the
    /// request was answered).
    func answerAsClient(_ payloads: [IKEPayload]) throws {
        guard let index = held.firstIndex(where: { $0.remote == TestNetwork.client && !Self.isResponse($0) }) else {
            throw TestFailure("no held request to the client")
        }
        let request = held.remove(at: index)
        let header = try IKEHeader.peek(request.message[...]).header
        guard let sa = client.sa(for: clientSession), case .established(let established) = sa.state else {
            throw TestFailure("the client has no established SA")
        }
        let answer = IKEHeader(initiatorSPI: header.initiatorSPI, responderSPI: header.responderSPI, exchangeType: header.exchangeType,
                               flags: sa.role == .initiator ? [.response, .initiator] : .response, messageID: header.messageID)
        let bytes = try established.ike.protection.protect(header: answer, payloads: payloads)
        sa.nextPeerRequestID = header.messageID &+ 1
        network.run([.send(OutboundDatagram(local: request.remote, remote: request.local, message: bytes))])
    }

    /// Sends `payloads` to the gateway as a request of the client's IKE SA
    /// (the client engine does not know of it) and returns the gateway's
    /// decrypted answer.
    func askAsClient(_ exchange: ExchangeType, _ payloads: [IKEPayload]) throws -> [IKEPayload] {
        guard let sa = client.sa(for: clientSession), case .established(let established) = sa.state else {
            throw TestFailure("the client has no established SA")
        }
        let header = IKEHeader(initiatorSPI: sa.initiatorSPI, responderSPI: sa.responderSPI, exchangeType: exchange,
                               flags: sa.role == .initiator ? .initiator : [], messageID: sa.nextOwnRequestID)
        sa.nextOwnRequestID &+= 1
        let sentBefore = network.sent.count
        let saved = network.path
        network.path = { datagram in
            datagram.remote == TestNetwork.gateway ? InboundDatagram(local: datagram.remote, remote: datagram.local, message: datagram.message) : nil
        }
        defer { network.path = saved }
        network.run([.send(OutboundDatagram(local: sa.local, remote: sa.remote,
                                            message: try established.ike.protection.protect(header: header, payloads: payloads)))])
        guard let answer = network.sent[sentBefore...].first(where: { $0.remote == TestNetwork.client && Self.isResponse($0) }) else {
            throw TestFailure("the gateway did not answer")
        }
        return try established.ike.protection.unprotect(ReceivedIKEMessage(decoding: answer.message))
    }

    // MARK: - Time

    /// Moves time on by `duration`, waking both engines at every deadline
    /// on the way, as their runtimes would.
    func advance(by duration: Duration) {
        let end = network.now.advanced(by: duration)
        while true {
            let next = [gateway.nextWakeUp, client.nextWakeUp].compactMap { $0 }.filter { $0 <= end }.min()
            guard let next else { break }
            network.now = max(network.now, next)
            network.run(gateway.wake(now: network.now), from: gateway)
            network.run(client.wake(now: network.now), from: client)
        }
        network.now = end
    }

    /// The SA that carries a session now.
    func state(of engine: IKEEngine, session: UInt64) -> EstablishedState? {
        guard case .established(let state)? = engine.sa(for: session)?.state else { return nil }
        return state
    }
}
