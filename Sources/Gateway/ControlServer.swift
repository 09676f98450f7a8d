import Foundation
import Logging
import NIOCore
import NIOPosix

/// Serves the control socket (a Unix domain socket, so that file permissions
/// decide who may control the gateway).
final class ControlServer: Sendable {
    private let channel: any Channel

    static func start(path: String, server: GatewayServer, logger: Logger) async throws -> ControlServer {
        try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        let channel = try await ServerBootstrap(group: server.group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ControlHandler(server: server, logger: logger))
                }
            }
            .bind(unixDomainSocketPath: path)
            .get()
        // Owner only: control means terminating anyone's tunnel.
        chmod(path, 0o600)
        return ControlServer(channel: channel)
    }

    private init(channel: any Channel) {
        self.channel = channel
    }

    func close() async {
        try? await channel.close()
    }
}

/// Splits the stream into lines, with a limit on line length.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            context.fireChannelRead(wrapInboundOut(buffer.readSlice(length: length)!))
            buffer.moveReaderIndex(forwardBy: 1)
            return .continue
        }
        if buffer.readableBytes > 64 * 1024 { throw ControlError.requestTooLong }
        return .needMoreData
    }

    enum ControlError: Error { case requestTooLong }
}

final class ControlHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let server: GatewayServer
    let logger: Logger

    init(server: GatewayServer, logger: Logger) {
        self.server = server
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        let server = self.server
        Task {
            let response: ControlResponse
            if let request = try? JSONDecoder().decode(ControlRequest.self, from: Data(line.readableBytesView)) {
                response = await server.handle(request)
            } else {
                response = ControlResponse(ok: false, message: "malformed request")
            }
            var buffer = channel.allocator.buffer(capacity: 256)
            buffer.writeBytes((try? JSONEncoder().encode(response)) ?? Data())
            buffer.writeString("\n")
            try? await channel.writeAndFlush(buffer)
            try? await channel.close()
        }
    }
}
