import IKECrypto
import IKEWire
import NIOCore
import NIOPosix
import RADIUS
import RADIUSClient
import Synchronization

/// A RADIUS server on a loopback UDP port that records every datagram and
/// answers as the test tells it, signing with the codec's own response
/// encoding and checking requests with its request verification.
final class FakeRADIUSServer: Sendable {
    struct Datagram: Sendable {
        var octets: [UInt8]
        var source: SocketAddress
        var received: ContinuousClock.Instant
    }

    /// Given everything received so far (the last is the one just in),
    /// what to send back, and to where.
    typealias Behaviour = @Sendable (_ history: [Datagram]) -> [(octets: [UInt8], to: SocketAddress)]

    let secret: SecretBytes
    private let channel: any Channel
    private let history = Mutex<[Datagram]>([])
    private let behaviour: Mutex<Behaviour>

    private init(channel: any Channel, secret: SecretBytes, behaviour: @escaping Behaviour) {
        self.channel = channel
        self.secret = secret
        self.behaviour = Mutex(behaviour)
    }

    static func start(secret: String = "fake-radius-secret", behaviour: @escaping Behaviour = FakeRADIUSServer.silent) async throws -> FakeRADIUSServer {
        let box = Box()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_rcvbuf), value: 1 << 20)  // 300 requests in one burst
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Handler(box: box)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = FakeRADIUSServer(channel: channel, secret: SecretBytes(Array(secret.utf8)), behaviour: behaviour)
        box.server.withLock { $0 = server }
        return server
    }

    func stop() async { try? await channel.close() }

    var port: UInt16 { UInt16(channel.localAddress?.port ?? 0) }

    func radiusServer(priority: Int = 0) -> RADIUSServer {
        RADIUSServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: port, secret: secret, priority: priority)
    }

    func setBehaviour(_ new: @escaping Behaviour) { behaviour.withLock { $0 = new } }

    var datagrams: [Datagram] { history.withLock { $0 } }

    /// Sends `octets` from this server's port.
    func send(_ octets: [UInt8], to destination: SocketAddress) {
        var buffer = channel.allocator.buffer(capacity: octets.count)
        buffer.writeBytes(octets)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: destination, data: buffer), promise: nil)
    }

    /// Waits until at least `count` datagrams came in; false after `limit`.
    func waitForDatagrams(_ count: Int, limit: Duration = .seconds(5)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: limit)
        while datagrams.count < count {
            if ContinuousClock.now > deadline { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    fileprivate func receive(_ datagram: Datagram) {
        let history = self.history.withLock { history in
            history.append(datagram)
            return history
        }
        for (octets, destination) in behaviour.withLock({ $0 })(history) { send(octets, to: destination) }
    }

    // MARK: Behaviours

    static let silent: Behaviour = { _ in [] }

    /// Answers every request after ignoring the first `ignoring` datagrams.
    static func answering(ignoring: Int = 0, secret: String = "fake-radius-secret", message: String = "genuine") -> Behaviour {
        let key = SecretBytes(Array(secret.utf8))
        return { history in
            guard history.count > ignoring, let datagram = history.last,
                  let answer = answer(to: datagram.octets, secret: key, message: message) else { return [] }
            return [(answer, datagram.source)]
        }
    }

    /// A signed answer to `request`: Access-Accept to an Access-Request (which
    /// must carry a valid Message-Authenticator), Accounting-Response to an
    /// Accounting-Request (whose authenticator must verify), each with a
    /// Reply-Message or Class naming `message`. nil if the request does not
    /// verify with `secret`.
    static func answer(to request: [UInt8], secret: SecretBytes, message: String, code: RADIUSCode? = nil,
                       identifier: UInt8? = nil, signingSecret: SecretBytes? = nil) -> [UInt8]? {
        let packet: RADIUSPacket
        let reply: RADIUSPacket
        switch request.first {
        case RADIUSCode.accessRequest.rawValue:
            guard let verified = try? RADIUSPacket.verifiedRequest(request, secret: secret) else { return nil }
            packet = verified
            reply = RADIUSPacket(code: code ?? .accessAccept, identifier: identifier ?? packet.identifier, authenticator: zero,
                                 attributes: [RADIUSAttribute(.replyMessage, text: message)])
        case RADIUSCode.accountingRequest.rawValue:
            guard let verified = try? RADIUSPacket.verifiedAccountingRequest(request, secret: secret) else { return nil }
            packet = verified
            reply = RADIUSPacket(code: code ?? .accountingResponse, identifier: identifier ?? packet.identifier, authenticator: zero,
                                 attributes: [RADIUSAttribute(.class, text: message)])
        default:
            return nil
        }
        return try? reply.encodedResponse(requestAuthenticator: packet.authenticator, secret: signingSecret ?? secret)
    }

    private static let zero = [UInt8](repeating: 0, count: 16)

    /// Lets the handler, made before the server exists, reach it.
    private final class Box: Sendable {
        let server = Mutex<FakeRADIUSServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let box: Box
        init(box: Box) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let datagram = Datagram(octets: Array(envelope.data.readableBytesView), source: envelope.remoteAddress, received: .now)
            box.server.withLock { $0 }?.receive(datagram)
        }
    }
}
