import Foundation
import NIOCore
import NIOPosix

/// Sends one request to a running gateway's control socket.
public enum ControlClient {
    public static func send(_ request: ControlRequest, socket path: String) async throws -> ControlResponse {
        let group = MultiThreadedEventLoopGroup.singleton
        let collector = ResponseCollector()
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(collector)
                }
            }
            .connect(unixDomainSocketPath: path)
            .get()
        var buffer = channel.allocator.buffer(capacity: 128)
        buffer.writeBytes(try JSONEncoder().encode(request))
        buffer.writeString("\n")
        try await channel.writeAndFlush(buffer)
        try await channel.closeFuture.get()
        guard let line = collector.line, let response = try? JSONDecoder().decode(ControlResponse.self, from: line) else {
            throw ControlClientError(description: "no answer from the gateway at \(path)")
        }
        return response
    }

    struct ControlClientError: Error, CustomStringConvertible {
        let description: String
    }

    private final class ResponseCollector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        // Written on the channel's event loop, read after the channel closed.
        var line: Data?

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            line = Data(unwrapInboundIn(data).readableBytesView)
        }
    }
}
