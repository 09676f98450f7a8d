import IKECrypto
import Logging
import NIOPosix
import RADIUS
@testable import RADIUSClient

/// Requests and settings the client tests share.
enum Fixture {
    /// Short enough for fast tests, long enough that a loaded two-core
    /// machine does not retransmit where a test counts sends.
    static func settings(timeout: Duration = .milliseconds(50), attempts: Int = 3, deadTime: Duration = .seconds(30),
                         maximumSockets: Int = 16) -> RADIUSTransportSettings {
        RADIUSTransportSettings(timeout: timeout, backoff: 2, maximumTimeout: max(timeout, .seconds(10)), attempts: attempts,
                                deadTime: deadTime, maximumSockets: maximumSockets)
    }

    static func client(_ servers: [RADIUSServer], settings: RADIUSTransportSettings = settings(),
                       logger: Logger = Logger(label: "radius-client-test") { _ in SwiftLogNoOpLogHandler() }) throws -> RADIUSClient {
        try RADIUSClient(servers: servers, settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    /// An Access-Request as the relay builds one; identifier and
    /// authenticator are deliberately junk, since the client sets both.
    static func accessRequest(user: String = "ralph") -> RADIUSPacket {
        RADIUSPacket(code: .accessRequest, identifier: 0xEE, authenticator: [UInt8](repeating: 0xAA, count: 16),
                     attributes: [RADIUSAttribute(.userName, text: user), RADIUSAttribute(.nasPortType, integer: 5)])
    }

    static func accountingRequest(session: String = "session-1") -> RADIUSPacket {
        RADIUSPacket(code: .accountingRequest, identifier: 0xEE, authenticator: [UInt8](repeating: 0xAA, count: 16),
                     attributes: [RADIUSAttribute(.acctStatusType, integer: 1), RADIUSAttribute(.acctSessionID, text: session),
                                  RADIUSAttribute(.userName, text: "ralph")])
    }
}

extension RADIUSReply {
    /// The Reply-Message (or Class, for accounting) the fake server put in.
    var message: String? {
        try? (packet.first(.replyMessage) ?? packet.first(.class))?.text()
    }
}
