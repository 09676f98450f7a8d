import XFRM

/// What the XFRM reply fuzzer checks for one input. The first octet chooses
/// how the rest reaches the decoder:
///
/// - 0 (mod 3): the rest is a whole datagram from the kernel.
/// - 1: the rest is the attribute area of an XFRM_MSG_NEWSA answer, behind a
///   correct header and struct xfrm_usersa_info, so the fuzzer reaches the
///   attribute decoder without having to guess consistent lengths.
/// - 2: the rest is the extended-ack attributes of a capped NLMSG_ERROR.
///
/// In every mode decoding either throws a typed error or returns messages
/// whose lengths tile the datagram; an answer built around the input keeps
/// the fixed part the harness wrote. Regression tests replay saved inputs
/// through ``run(_:)``.
public enum XFRMReplyFuzzCheck {
    public static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let rest = Array(input.dropFirst())
        switch selector % 3 {
        case 0:
            check(rest)
        case 1:
            let datagram = wrapped(type: 0x10, flags: 0, body: stateInfo + rest)
            guard let replies = check(datagram) else { return }
            guard replies.count == 1, case .state(let state) = replies[0].content,
                  state.spi == 0xC0FF_EE01, state.reqid == 7, state.bytes == 1234, state.packets == 5,
                  state.destination.description == "192.0.2.2", state.source.description == "192.0.2.1" else {
                preconditionFailure("attributes changed the fixed part of a state answer: \(replies)")
            }
            if let replay = state.replay, replay.extended, replay.bitmap.count * 4 + 24 > rest.count {
                preconditionFailure("an ESN bitmap larger than its attribute was accepted")
            }
        default:
            var body = host(UInt32(bitPattern: -93))  // -EPROTONOSUPPORT
            body += wrappedHeader(length: 424, type: 0x10, flags: 0x05, sequence: 1)
            let datagram = wrapped(type: 2, flags: 0x300, body: body + rest)  // NLM_F_CAPPED | NLM_F_ACK_TLVS
            guard let replies = check(datagram) else { return }
            guard replies.count == 1, case .failure(let errno, _) = replies[0].content, errno.rawValue == 93 else {
                preconditionFailure("attributes changed the errno of an error answer: \(replies)")
            }
        }
    }

    /// Decodes `datagram`; on success, the messages' aligned lengths must
    /// cover it exactly and every message must print.
    @discardableResult
    static func check(_ datagram: [UInt8]) -> [XFRMReply]? {
        let replies: [XFRMReply]
        do {
            replies = try XFRMReply.parse(datagram)
        } catch {
            _ = error.description
            return nil
        }
        var covered = 0
        for reply in replies {
            guard reply.length >= 16 else { preconditionFailure("accepted a message shorter than its header") }
            covered += (Int(reply.length) + 3) & ~3
            _ = reply.description
        }
        guard covered >= datagram.count, covered - datagram.count < 4 else {
            preconditionFailure("message lengths cover \(covered) of \(datagram.count) octets")
        }
        return replies
    }

    /// struct xfrm_usersa_info of an IPv4 ESP state 192.0.2.1 -> 192.0.2.2,
    /// SPI 0xc0ffee01, reqid 7, 1234 bytes and 5 packets so far.
    static let stateInfo: [UInt8] = {
        var info = [UInt8](repeating: 0, count: 224)
        info.replaceSubrange(56..<60, with: [192, 0, 2, 2])  // id.daddr
        info.replaceSubrange(72..<76, with: [0xC0, 0xFF, 0xEE, 0x01])  // id.spi, network order
        info[76] = 50  // id.proto: ESP
        info.replaceSubrange(80..<84, with: [192, 0, 2, 1])  // saddr
        info.replaceSubrange(160..<168, with: host(UInt64(1234)))  // curlft.bytes
        info.replaceSubrange(168..<176, with: host(UInt64(5)))  // curlft.packets
        info.replaceSubrange(208..<212, with: host(UInt32(7)))  // reqid
        info.replaceSubrange(212..<214, with: host(UInt16(2)))  // family: AF_INET
        info[214] = 1  // mode: tunnel
        return info
    }()

    static func wrapped(type: UInt16, flags: UInt16, body: [UInt8]) -> [UInt8] {
        wrappedHeader(length: UInt32(truncatingIfNeeded: 16 + body.count), type: type, flags: flags, sequence: 1) + body
    }

    static func wrappedHeader(length: UInt32, type: UInt16, flags: UInt16, sequence: UInt32) -> [UInt8] {
        host(length) + host(type) + host(flags) + host(sequence) + host(UInt32(0))
    }

    static func host<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
