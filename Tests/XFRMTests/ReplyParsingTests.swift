import Testing
@testable import XFRM

/// Hostile or broken answers: each is a typed error, never a trap.
@Suite struct ReplyParsingTests {
    typealias B = NetlinkBytes

    /// An error body: the errno (negated), the echoed header of a request.
    static func errorBody(_ error: Int32, echoedLength: UInt32 = 16) -> [UInt8] {
        var body = B()
        body.i32(error)
        body.raw(B.message(type: 0x10, flags: 5, sequence: 1, portID: 0, body: [], length: echoedLength))
        return body.bytes
    }

    /// An IPv4 XFRM_MSG_NEWSA body with `attributes` after xfrm_usersa_info.
    static func stateBody(family: UInt16 = 2, attributes: [UInt8] = []) -> [UInt8] {
        var body = B()
        body.zeros(212)
        body.u16(family)
        body.zeros(10)
        body.raw(attributes)
        return body.bytes
    }

    static func expectTruncated(_ bytes: [UInt8], _ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: XFRMError.self, comment, sourceLocation: sourceLocation) { try XFRMReply.parse(bytes) }
        if let error, case .truncated = error { return }
        if let error { Issue.record("\(comment): \(error), expected truncated", sourceLocation: sourceLocation) }
    }

    static func expectMalformed(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: XFRMError.self, sourceLocation: sourceLocation) { try XFRMReply.parse(bytes) }
        if let error, case .malformed = error { return }
        if let error { Issue.record("\(error), expected malformed", sourceLocation: sourceLocation) }
    }

    @Test func emptyDatagramHoldsNoMessages() throws {
        #expect(try XFRMReply.parse([]).isEmpty)
    }

    @Test func truncatedHeader() {
        let ack = B.message(type: 2, body: Self.errorBody(0))
        for length in 1..<16 { Self.expectTruncated(Array(ack.prefix(length)), "header cut to \(length)") }
    }

    @Test func lengthBeyondTheDatagram() {
        Self.expectTruncated(B.message(type: 2, body: Self.errorBody(0), length: 100), "nlmsg_len 100 of 36")
        Self.expectTruncated(B.message(type: 2, body: Self.errorBody(0), length: .max), "nlmsg_len 2^32-1")
    }

    @Test func lengthBelowTheHeader() {
        for length: UInt32 in [0, 1, 15] {
            Self.expectMalformed(B.message(type: 2, body: Self.errorBody(0), length: length))
        }
    }

    @Test func trailingOctetsAfterAMessage() {
        Self.expectTruncated(B.message(type: 2, body: Self.errorBody(0)) + [1, 2, 3, 4, 5], "five octets after an ack")
    }

    @Test func errorTooShort() {
        for count in [0, 3, 4, 19] {
            Self.expectTruncated(B.message(type: 2, body: Array(Self.errorBody(-22).prefix(count))), "nlmsgerr of \(count)")
        }
    }

    @Test func errorWithPositiveOrImpossibleCode() {
        Self.expectMalformed(B.message(type: 2, body: Self.errorBody(22)))
        Self.expectMalformed(B.message(type: 2, body: Self.errorBody(.min)))
    }

    @Test func errorWithoutExtendedAckDecodes() throws {
        let replies = try XFRMReply.parse(B.message(type: 2, sequence: 5, body: Self.errorBody(-17)))
        #expect(replies.map(\.content) == [.failure(.alreadyExists, message: nil)])
        #expect(KernelErrno.alreadyExists.description == "EEXIST (17: file exists)")
        #expect(KernelErrno(rawValue: 4095).description == "errno 4095")
    }

    @Test func uncappedErrorWithBrokenEcho() {
        // NLM_F_ACK_TLVS without NLM_F_CAPPED: the whole request is echoed,
        // and its length must make sense.
        Self.expectMalformed(B.message(type: 2, flags: 0x200, body: Self.errorBody(-22, echoedLength: 8)))
        Self.expectTruncated(B.message(type: 2, flags: 0x200, body: Self.errorBody(-22, echoedLength: 400)), "echo beyond")
    }

    @Test func uncappedErrorFindsTheMessageAfterTheEcho() throws {
        var body = B()
        body.i32(-93)
        body.raw(B.message(type: 0x10, flags: 5, portID: 0, body: [UInt8](repeating: 0xEE, count: 24)))
        body.raw(B.attribute(type: 1, value: Array("Requested type not found\0".utf8)))
        let replies = try XFRMReply.parse(B.message(type: 2, flags: 0x200, body: body.bytes))
        #expect(replies.map(\.content) == [.failure(.protocolNotSupported, message: "Requested type not found")])
    }

    @Test func extendedAckAttributesAreChecked() {
        var capped = Self.errorBody(-22)
        capped += B.attribute(type: 1, value: [], length: 2)
        Self.expectMalformed(B.message(type: 2, flags: 0x300, body: capped))
        var beyond = Self.errorBody(-22)
        beyond += B.attribute(type: 1, value: Array("abc\0".utf8), length: 60)
        Self.expectTruncated(B.message(type: 2, flags: 0x300, body: beyond), "nla_len beyond the message")
    }

    @Test func unknownMessageTypes() {
        for type: UInt16 in [0, 1, 4, 0x13, 0x15, 0x42, .max] {
            #expect(throws: XFRMError.unexpectedMessage(type: type)) {
                _ = try XFRMReply.parse(B.message(type: type, body: Self.errorBody(0)))
            }
        }
    }

    @Test func stateTooShort() {
        Self.expectTruncated(B.message(type: 0x10, body: Array(Self.stateBody().prefix(223))), "xfrm_usersa_info of 223")
    }

    @Test func stateWithUnknownFamily() {
        Self.expectMalformed(B.message(type: 0x10, body: Self.stateBody(family: 7)))
    }

    @Test func stateAttributesAreChecked() {
        Self.expectMalformed(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 2, value: [], length: 3))))
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 2, value: [0, 0, 0, 0], length: 200))),
                             "attribute beyond the message")
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: [8, 0])), "half an attribute header")
        // XFRMA_REPLAY_VAL shorter than struct xfrm_replay_state.
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 10, value: [UInt8](repeating: 0, count: 8)))),
                             "XFRMA_REPLAY_VAL of 8")
        // XFRMA_REPLAY_ESN_VAL whose bmp_len needs more words than it holds.
        var esn = B()
        esn.u32(1000)
        esn.zeros(20 + 8)
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 23, value: esn.bytes))),
                             "bmp_len 1000 with two words")
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 23, value: [UInt8](repeating: 0, count: 20)))),
                             "ESN header of 20")
        // XFRMA_LASTUSED shorter than a u64.
        Self.expectTruncated(B.message(type: 0x10, body: Self.stateBody(attributes: B.attribute(type: 15, value: [1, 2, 3, 4]))),
                             "XFRMA_LASTUSED of 4")
    }

    @Test func unknownAndFlaggedAttributesAreSkipped() throws {
        var attributes = B.attribute(type: 0x7FFF, value: [1, 2, 3])  // unknown, NLA_F_NET_BYTEORDER set
        attributes += B.attribute(type: 0x8000 | 10, value: [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0])  // REPLAY_VAL with NLA_F_NESTED
        let replies = try XFRMReply.parse(B.message(type: 0x10, body: Self.stateBody(attributes: attributes)))
        guard case .state(let state) = replies.first?.content else { Issue.record("\(replies)"); return }
        #expect(state.replay == XFRMReplayState(outboundSequence: 1, inboundSequence: 2, window: 0, bitmap: [3], extended: false))
    }

    @Test func lastMessageWithoutPaddingIsAccepted() throws {
        // An extended ack whose string leaves the message unaligned, without
        // padding at the end of the datagram.
        var body = Self.errorBody(-93)
        body += [5 + 4, 0, 1, 0, 0x61, 0x62, 0x63, 0x64, 0]  // nla_len 9, "abcd\0", no padding
        let replies = try XFRMReply.parse(B.message(type: 2, flags: 0x300, body: body))
        #expect(replies.map(\.content) == [.failure(.protocolNotSupported, message: "abcd")])
    }
}
