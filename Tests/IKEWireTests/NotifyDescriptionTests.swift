import Testing
@testable import IKEWire

@Suite struct NotifyDescriptionTests {
    @Test func windowsStatusShowsTheWindowsErrorCode() {
        #expect(NotifyPayload(type: .microsoftStatus, data: [0x00, 0x00, 0x35, 0xE9]).logDescription == "MS_NOTIFY_STATUS(Windows error 13801)")
        #expect(NotifyPayload(type: .microsoftStatus, data: [0x01]).logDescription == "MS_NOTIFY_STATUS data 01")
    }

    @Test func otherNotifiesShowTheirDataInHexUpTo32Octets() {
        #expect(NotifyPayload(type: .authenticationFailed).logDescription == "AUTHENTICATION_FAILED")
        #expect(NotifyPayload(type: NotifyType(rawValue: 9000), data: [0xDE, 0xAD]).logDescription == "NOTIFY(9000) data dead")
        let long = NotifyPayload(type: .invalidSyntax, data: ArraySlice(repeating: 0xAB, count: 40)).logDescription
        #expect(long == "INVALID_SYNTAX data " + String(repeating: "ab", count: 32) + "… (40 octets)")
    }

    @Test func hex() {
        #expect(Hex.string([0x00, 0x0F, 0xF0]) == "000ff0")
        #expect(Hex.string(UInt64(0xAB)) == "00000000000000ab")
        #expect(Hex.string(UInt32(0x1234_5678)) == "12345678")
    }
}
