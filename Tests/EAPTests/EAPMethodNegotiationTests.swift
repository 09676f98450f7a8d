import IKEWire
import Testing
@testable import EAP

/// Legacy Nak handling (RFC 3748 §5.3.1): which method the gateway switches
/// to, and when a Nak is refused.
@Suite struct EAPMethodNegotiationTests {
    static func nak(_ types: [UInt8], identifier: UInt8 = 2) -> EAPMessage {
        EAPMessage(code: .response, identifier: identifier, type: .nak, data: ArraySlice(types))
    }

    typealias Row = (allowed: [EAPMethodKind], desired: [UInt8], expected: EAPMethodKind?)

    /// The gateway starts with its first allowed method; the answer is the
    /// first of the peer's desired types that the gateway allows and that
    /// is not the method refused; nil: EAP-Failure.
    static let table: [Row] = [
        ([.mschapv2, .gtc], [6], .gtc),
        ([.mschapv2, .gtc], [13, 6], .gtc),             // EAP-TLS first: not ours, GTC next
        ([.mschapv2, .gtc], [6, 26], .gtc),
        ([.mschapv2, .gtc], [26, 6], .gtc),              // naming the refused method is no choice
        ([.mschapv2, .gtc], [26], nil),                  // only the refused method
        ([.mschapv2], [6], nil),                         // GTC not configured
        ([.mschapv2, .gtc], [13, 25, 21], nil),          // nothing allowed
        ([.mschapv2, .gtc], [0], nil),                   // no alternative
        ([.mschapv2, .gtc], [6, 0], nil),                // type 0 with others: still "none"
        ([.mschapv2, .gtc], [], nil),                    // empty Nak
        ([.mschapv2, .gtc], [254], nil),                 // Expanded Types: none of ours
        ([.gtc, .mschapv2], [26], .mschapv2),
        ([.gtc, .mschapv2], [4, 26, 6], .mschapv2),
        ([.gtc], [26], nil),
    ]

    @Test(arguments: table)
    func nakTable(_ row: Row) {
        var negotiation = EAPMethodNegotiation(allowed: row.allowed, firstIdentifier: 2)
        let decision = negotiation.receive(Self.nak(row.desired))
        if let expected = row.expected {
            #expect(decision == .switchTo(expected), "\(row)")
            #expect(negotiation.current == expected)
        } else {
            guard case .failed = decision else { Issue.record("\(row): \(decision)"); return }
            #expect(negotiation.current == row.allowed[0])
        }
    }

    @Test func responsesOfTheMethodContinueAndEndTheNegotiation() {
        var negotiation = EAPMethodNegotiation(allowed: [.mschapv2, .gtc], firstIdentifier: 2)
        let response = EAPMessage(code: .response, identifier: 2, type: .mschapv2, data: [2])
        #expect(negotiation.receive(response) == .continueMethod(.mschapv2))
        guard case .failed = negotiation.receive(Self.nak([6], identifier: 3)) else {
            Issue.record("a Nak after the method started was accepted"); return
        }
    }

    @Test func onlyOneNakIsAccepted() {
        var negotiation = EAPMethodNegotiation(allowed: [.mschapv2, .gtc], firstIdentifier: 2)
        #expect(negotiation.receive(Self.nak([6])) == .switchTo(.gtc))
        // The peer Naks the method it asked for: no ping-pong.
        guard case .failed = negotiation.receive(Self.nak([26], identifier: 3)) else {
            Issue.record("a second Nak was accepted"); return
        }
        guard case .failed = negotiation.receive(EAPMessage(code: .response, identifier: 3, type: .gtc, data: [0x61])) else {
            Issue.record("a failed negotiation continued"); return
        }
    }

    @Test func afterASwitchTheNewMethodsResponsesContinue() {
        var negotiation = EAPMethodNegotiation(allowed: [.mschapv2, .gtc], firstIdentifier: 2)
        #expect(negotiation.receive(Self.nak([6])) == .switchTo(.gtc))
        #expect(negotiation.receive(EAPMessage(code: .response, identifier: 3, type: .gtc, data: [0x61])) == .continueMethod(.gtc))
    }

    @Test func aNakWithAnotherIdentifierIsRefused() {
        var negotiation = EAPMethodNegotiation(allowed: [.mschapv2, .gtc], firstIdentifier: 2)
        guard case .failed = negotiation.receive(Self.nak([6], identifier: 9)) else { Issue.record("accepted"); return }
    }

    @Test func methodKindsMapToTheirEAPTypes() {
        for kind in EAPMethodKind.allCases { #expect(EAPMethodKind(eapType: kind.eapType) == kind) }
        #expect(EAPMethodKind.gtc.eapType.rawValue == 6 && EAPMethodKind.mschapv2.eapType.rawValue == 26)
        #expect(EAPMethodKind(eapType: .nak) == nil && EAPMethodKind(eapType: .identity) == nil)
    }
}
