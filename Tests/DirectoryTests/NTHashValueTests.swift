import Directory
import IKECrypto
import Testing

/// `sambaNTPassword` as 32 hex digits → the 16-octet NT hash.
@Suite struct NTHashValueTests {
    @Test func parsesEitherCase() throws {
        // RFC 2759 §9.2: the NT hash of "clientPass".
        let expected = try MSCHAPv2.ntPasswordHash(password: "clientPass")
        #expect(NTHashValue.parse(Array("44EBBA8D5312B8D611474411F56989AE".utf8)) == expected)
        #expect(NTHashValue.parse(Array("44ebba8d5312b8d611474411f56989ae".utf8)) == expected)
    }

    @Test(arguments: ["", "44EBBA8D5312B8D611474411F56989A", "44EBBA8D5312B8D611474411F56989AE0",
                      "44EBBA8D5312B8D611474411F56989AG", " 44EBBA8D5312B8D611474411F56989A", "{NT}44EBBA8D5312B8D611474411F569"])
    func refusesAnythingElse(_ text: String) {
        #expect(NTHashValue.parse(Array(text.utf8)) == nil)
    }
}
