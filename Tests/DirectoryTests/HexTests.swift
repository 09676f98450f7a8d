import Credentials
import Directory
import IKEWire
import Testing

/// The one strict hex decoder (`Hex.bytes`) that the NT hash readers
/// (`NTHashValue`, the secrets file) and the ntlm_auth reply share.
@Suite struct HexTests {
    @Test func decodesPairsInEitherCase() {
        #expect(Hex.bytes("") == [])
        #expect(Hex.bytes("00ff7Fa0") == [0x00, 0xFF, 0x7F, 0xA0])
        #expect(Hex.bytes(utf8: Array("0aBc".utf8)) == [0x0A, 0xBC])
        #expect(Hex.bytes(Hex.string([1, 0xFE, 0x80])) == [1, 0xFE, 0x80])
    }

    /// `UInt8("+f", radix: 16)` is 15 and `UInt8("-0", radix: 16)` is 0;
    /// neither is hex.
    @Test(arguments: ["+f", "-0", "0", "abc", "0g", "g0", " 0", "0 ", "0x", "0x00", "ä0", "\u{0}0", "+f+f"])
    func refusesAnythingElse(_ text: String) {
        #expect(Hex.bytes(text) == nil)
        #expect(Hex.bytes(utf8: Array(text.utf8)) == nil)
    }

    @Test func ntHashesRefuseSigns() {
        // 32 characters whose pairs UInt8(_:radix:) would have taken
        let signed = "+f" + String(repeating: "-0", count: 15)
        #expect(NTHashValue.parse(Array(signed.utf8)) == nil)
        #expect(throws: (any Error).self) {
            try LocalSecrets(file: "secrets.yaml", text: "users:\n  bob:\n    nt-hash: \"\(signed)\"\n")
        }
        let secrets = try? LocalSecrets(file: "secrets.yaml", text: "users:\n  bob:\n    nt-hash: 44EBBA8D5312B8D611474411F56989AE\n")
        #expect(secrets?.count == 1)
    }
}
