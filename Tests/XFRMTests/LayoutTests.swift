import Testing
@testable import XFRM

/// The module's structure layouts against the C compiler's, and its decoder
/// against answers built with the kernel headers' own structs
/// (Tests/CrossChecks/xfrm_layout.c).
@Suite struct LayoutTests {
    @Test func everySizeAndOffsetMatchesTheKernelHeaders() throws {
        let layout = try CLayout.layout()
        #expect(layout.count == XFRMLayout.table.count, "the C program and XFRMLayout.table list different fields")
        for (name, value) in layout {
            #expect(XFRMLayout.table[name] == value, "\(name): C says \(value), XFRMLayout \(XFRMLayout.table[name].map(String.init) ?? "nothing")")
        }
        // The sizes the kernel interface is known by (x86_64).
        for (name, size) in [("xfrm_usersa_info", 224), ("xfrm_userpolicy_info", 168), ("xfrm_selector", 56),
                             ("xfrm_lifetime_cfg", 64), ("xfrm_lifetime_cur", 32), ("xfrm_id", 24), ("xfrm_user_tmpl", 64),
                             ("xfrm_algo", 68), ("xfrm_algo_auth", 72), ("xfrm_algo_aead", 72)] {
            #expect(layout.first { $0.name == "sizeof(\(name))" }?.value == size, "sizeof(\(name))")
        }
    }

    @Test func stateAnswerWithLegacyReplayDecodes() throws {
        let bytes = try #require(try CLayout.replies()["state-replay"])
        let replies = try XFRMReply.parse(bytes)
        try #require(replies.count == 1)
        #expect(replies[0].sequence == 0x0102_0304 && replies[0].portID == 4242 && !replies[0].isMultipart)
        guard case .state(let state) = replies[0].content else { Issue.record("\(replies[0])"); return }
        #expect(state.source == Fixtures.address("192.0.2.1") && state.destination == Fixtures.address("192.0.2.2"))
        #expect(state.spi == 0xC0FF_EE01 && state.ipProtocol == 50 && state.reqid == 7)
        #expect(state.bytes == 0x1_2345_6789 && state.packets == 0x10000 + 77)
        #expect(state.addTime == 1_700_000_000 && state.useTime == 1_700_000_100 && state.lastUsed == 1_700_000_200)
        #expect(state.replayWindowDrops == 3 && state.replayDrops == 5 && state.integrityFailures == 11)
        #expect(state.replay == XFRMReplayState(outboundSequence: 40, inboundSequence: 41, window: 0, bitmap: [7], extended: false))
    }

    @Test func stateAnswerWithESNDecodes() throws {
        let bytes = try #require(try CLayout.replies()["state-esn"])
        let replies = try XFRMReply.parse(bytes)
        guard replies.count == 1, case .state(let state) = replies[0].content else { Issue.record("\(replies)"); return }
        #expect(state.replay == XFRMReplayState(outboundSequence: 1 << 32 | 0x1000, inboundSequence: 2 << 32 | 0x2000,
                                                window: 128, bitmap: [0xFFFF_FFFF, 0, 0, 0x8000_0000], extended: true))
        // The keys in the answer (0xAA…, 0xBB…) are not kept anywhere.
        #expect(!"\(state)".contains("aaaa") && !"\(replies)".contains("bbbb"))
    }

    @Test func errorAndAcknowledgementDecode() throws {
        let answers = try CLayout.replies()
        let error = try XFRMReply.parse(try #require(answers["error-extack"]))
        #expect(error.map(\.content) == [.failure(.protocolNotSupported, message: "Requested type not found")])
        #expect(error.first?.sequence == 99)
        let ack = try XFRMReply.parse(try #require(answers["ack"]))
        #expect(ack.map(\.content) == [.acknowledgement])
    }

    @Test func multipartAnswerDecodes() throws {
        let replies = try XFRMReply.parse(try #require(try CLayout.replies()["dump"]))
        try #require(replies.count == 3)
        let allMultipart = replies.allSatisfy { $0.isMultipart }
        #expect(allMultipart)
        guard case .state(let first) = replies[0].content, case .state(let second) = replies[1].content else {
            Issue.record("\(replies)")
            return
        }
        #expect(first.replay?.extended == false && second.replay?.extended == true)
        #expect(replies[2].content == .done)
    }
}
