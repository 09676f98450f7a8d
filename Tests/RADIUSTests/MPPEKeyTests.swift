import IKECrypto
import Testing
import TestSupport
@testable import RADIUS

/// MS-MPPE-Send-Key and -Recv-Key (RFC 2548 §2.4.2, §2.4.3) against
/// Tests/CrossChecks/radius_vectors.py, and the MSK they give.
@Suite struct MPPEKeyTests {
    static let secret = SecretBytes(Array("xyzzy5461".utf8))

    @Test func decryptsPythonVectors() throws {
        #expect(try MPPEKey.decrypt(V.mppeRecvValue, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
            == SecretBytes(V.recvKey))
        #expect(try MPPEKey.decrypt(V.mppeSendValue, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
            == SecretBytes(V.sendKey))
        #expect(try MPPEKey.decrypt(V.mppeLongValue, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
            == SecretBytes(Array(0..<32)))
    }

    @Test func encryptsToPythonVectors() throws {
        #expect(try MPPEKey.encrypt(SecretBytes(V.recvKey), salt: [0x80, 0x01], secret: Self.secret,
                                    requestAuthenticator: V.requestAuthenticator) == V.mppeRecvValue)
        #expect(try MPPEKey.encrypt(SecretBytes(Array(0..<32)), salt: [0xFF, 0xFF], secret: Self.secret,
                                    requestAuthenticator: V.requestAuthenticator) == V.mppeLongValue)
    }

    @Test func malformedValuesAreRefused() throws {
        #expect(throws: MPPEKeyError.saltWithoutHighBit) {
            var value = V.mppeRecvValue
            value[0] &= 0x7F
            return try MPPEKey.decrypt(value, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
        #expect(throws: MPPEKeyError.saltWithoutHighBit) {
            try MPPEKey.encrypt(SecretBytes(V.recvKey), salt: [0x7F, 0xFF], secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
        for count in [0, 1, 2, 17, 33, 34] {
            let value = Array(V.mppeLongValue.prefix(count))
            #expect(throws: MPPEKeyError.self, "\(count) octets") {
                try MPPEKey.decrypt(value, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
            }
        }
        // Flipping the top bit of the first ciphertext octet flips the
        // Key-Length's: 16 becomes 144, more than the 31 octets decrypted.
        var value = V.mppeRecvValue
        value[2] ^= 0x80
        #expect(throws: MPPEKeyError.keyLengthExceedsPlaintext(keyLength: 144, available: 31)) {
            try MPPEKey.decrypt(value, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
        #expect(throws: MPPEKeyError.self) {
            try MPPEKey.decrypt(V.mppeRecvValue, secret: Self.secret, requestAuthenticator: [1, 2, 3])
        }
        #expect(throws: MPPEKeyError.keyTooLong(240)) {
            try MPPEKey.encrypt(SecretBytes([UInt8](repeating: 1, count: 240)), salt: [0x80, 0], secret: Self.secret,
                                requestAuthenticator: V.requestAuthenticator)
        }
        // The longest key that fits a sub-attribute, and back.
        let longest = SecretBytes([UInt8](repeating: 9, count: 239))
        let encrypted = try MPPEKey.encrypt(longest, salt: [0x80, 0], secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        #expect(encrypted.count == 242)
        #expect(try MPPEKey.decrypt(encrypted, secret: Self.secret, requestAuthenticator: V.requestAuthenticator) == longest)
    }

    @Test func accessAcceptKeysGiveTheLocalMSCHAPv2MSK() throws {
        let packet = try RADIUSPacket.verifiedResponse(V.accessAccept, requestAuthenticator: V.requestAuthenticator, secret: Self.secret)
        let keys = try MPPEKeys(decrypting: packet, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        #expect(keys.recv == SecretBytes(V.recvKey))
        #expect(keys.send == SecretBytes(V.sendKey))
        // The MSK the gateway derives itself for the same RFC 2759 §9.2
        // exchange ("clientPass"): a RADIUS server's keys must give it.
        let local = try MSCHAPv2.ikev2MSK(passwordHash: MSCHAPv2.ntPasswordHash(password: "clientPass"),
                                          ntResponse: hex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"))
        #expect(try keys.msk() == local)
        #expect(try MPPEKeys.msk(recv: keys.send, send: keys.recv) != local)
        // RFC 5216 §2.3 style: the two 32-octet halves give the MSK unchanged.
        let halves = (SecretBytes(Array(0..<32)), SecretBytes(Array(32..<64)))
        #expect(try MPPEKeys.msk(recv: halves.0, send: halves.1) == SecretBytes(Array(0..<64)))
        #expect(throws: MPPEKeyError.keyTooLong(33)) { try MPPEKeys.msk(recv: SecretBytes(Array(0..<33)), send: halves.1) }
    }

    @Test func missingOrRepeatedKeysAreRefused() throws {
        var packet = try RADIUSPacket(decoding: V.accessAccept)
        let recv = packet.attributes[0]
        packet.attributes.remove(at: 0)
        #expect(throws: MPPEKeyError.missingOrRepeated(.mppeRecvKey)) {
            try MPPEKeys(decrypting: packet, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
        packet.attributes += [recv, recv]
        #expect(throws: MPPEKeyError.missingOrRepeated(.mppeRecvKey)) {
            try MPPEKeys(decrypting: packet, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
        packet.attributes.append(RADIUSAttribute(.vendorSpecific, value: [0, 0, 1, 0x37, 16, 1]))
        #expect(throws: MPPEKeyError.self) {
            try MPPEKeys(decrypting: packet, secret: Self.secret, requestAuthenticator: V.requestAuthenticator)
        }
    }
}
