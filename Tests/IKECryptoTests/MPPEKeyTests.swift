import Testing
import TestSupport
@testable import IKECrypto

/// RFC 3079 key derivation against its §3.5.3 example (128-bit keys), which
/// continues RFC 2759 §9.2's example, and the IKEv2 EAP-MSCHAPv2 MSK built
/// from it. Values recomputed independently in Python (pycryptodome).
@Suite struct MPPEKeyTests {
    static let passwordHashHash = SecretBytes(hex("41C00C584BD2D91C4017A2A12FA59F3F"))
    static let ntResponse = hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
    static let masterKey = hex("FDECE3717A8C838CB388E527AE3CDD31")
    /// Magic2 key: the client's send key and the server's receive key.
    static let magic2Key = hex("D5F0E9521E3EA9589645E86051C82226")
    /// Magic3 key: the client's receive key and the server's send key (the
    /// SendStartKey128 of RFC 3079 §3.5.3).
    static let magic3Key = hex("8B7CDC149B993A1BA118CB153F56DCCB")

    @Test func getMasterKey() throws {
        #expect(try MSCHAPv2.masterKey(passwordHashHash: Self.passwordHashHash, ntResponse: Self.ntResponse).bytes == Self.masterKey)
    }

    @Test func getAsymmetricStartKey() throws {
        let master = SecretBytes(Self.masterKey)
        #expect(try MSCHAPv2.asymmetricStartKey(masterKey: master, direction: .send, side: .client).bytes == Self.magic2Key)
        #expect(try MSCHAPv2.asymmetricStartKey(masterKey: master, direction: .receive, side: .server).bytes == Self.magic2Key)
        #expect(try MSCHAPv2.asymmetricStartKey(masterKey: master, direction: .receive, side: .client).bytes == Self.magic3Key)
        #expect(try MSCHAPv2.asymmetricStartKey(masterKey: master, direction: .send, side: .server).bytes == Self.magic3Key)
    }

    @Test func ikev2MSKIsServerReceiveThenServerSendThenZeros() throws {
        // strongSwan's eap_mschapv2 and Windows: MasterReceiveKey ‖
        // MasterSendKey ‖ 32 zero bytes, named from the server's side.
        let msk = try MSCHAPv2.ikev2MSK(passwordHash: SecretBytes(hex("44EBBA8D5312B8D611474411F56989AE")), ntResponse: Self.ntResponse)
        #expect(msk.count == 64)
        #expect(msk.bytes == Self.magic2Key + Self.magic3Key + [UInt8](repeating: 0, count: 32))
    }

    @Test func wrongLengthsAreRejected() {
        #expect(throws: CryptoError(.invalidLength, "")) {
            try MSCHAPv2.masterKey(passwordHashHash: Self.passwordHashHash, ntResponse: Array(Self.ntResponse.dropLast()))
        }
        #expect(throws: CryptoError(.invalidLength, "")) {
            try MSCHAPv2.asymmetricStartKey(masterKey: SecretBytes([UInt8](repeating: 0, count: 8)), direction: .send, side: .server)
        }
    }
}
