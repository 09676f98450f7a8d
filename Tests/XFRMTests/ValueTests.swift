import IKECrypto
import IKEWire
import Testing
@testable import XFRM

/// What the value types refuse, and that keys never print.
@Suite struct ValueTests {
    static func secret(_ count: Int, _ byte: UInt8 = 0x5C) -> SecretBytes { SecretBytes([UInt8](repeating: byte, count: count)) }

    @Test func namedAlgorithmsCheckKeyLengths() throws {
        for count in [16, 24, 32] { _ = try XFRMEncryption.aesCBC(key: Self.secret(count)) }
        for count in [0, 8, 15, 20, 33] { #expect(throws: XFRMError.self) { try XFRMEncryption.aesCBC(key: Self.secret(count)) } }
        _ = try XFRMEncryption.tripleDESCBC(key: Self.secret(24))
        #expect(throws: XFRMError.self) { try XFRMEncryption.tripleDESCBC(key: Self.secret(16)) }
        // (A table of the constructors as function values crashes the 6.3.1 compiler.)
        func hmac(_ bits: Int, _ key: SecretBytes) throws(XFRMError) -> XFRMAuthentication {
            switch bits {
            case 96: try .hmacSHA1_96(key: key)
            case 128: try .hmacSHA256_128(key: key)
            case 192: try .hmacSHA384_192(key: key)
            default: try .hmacSHA512_256(key: key)
            }
        }
        for (count, bits, name) in [(20, 96, "hmac(sha1)"), (32, 128, "hmac(sha256)"), (48, 192, "hmac(sha384)"), (64, 256, "hmac(sha512)")] {
            let algorithm = try hmac(bits, Self.secret(count))
            #expect(algorithm.truncationBits == UInt32(bits) && algorithm.name == name)
            #expect(throws: XFRMError.self) { try hmac(bits, Self.secret(count - 1)) }
            #expect(throws: XFRMError.self) { try hmac(bits, Self.secret(count + 1)) }
        }
        for count in [20, 28, 36] { #expect(try XFRMAEAD.aesGCM16(keyAndSalt: Self.secret(count)).icvBits == 128) }
        for count in [16, 32, 37] { #expect(throws: XFRMError.self) { try XFRMAEAD.aesGCM16(keyAndSalt: Self.secret(count)) } }
    }

    @Test func algorithmNamesFitTheKernelsArray() throws {
        _ = try XFRMEncryption(name: String(repeating: "a", count: 63), key: Self.secret(16))
        for name in ["", String(repeating: "a", count: 64), "cbc(aes)\0", "cbc (aes)", "cbc(aés)"] {
            #expect(throws: XFRMError.self, "\(name.debugDescription)") { try XFRMEncryption(name: name, key: Self.secret(16)) }
        }
        #expect(throws: XFRMError.self) { try XFRMAuthentication(name: "hmac(sha1)", key: Self.secret(20), truncationBits: 0) }
        #expect(throws: XFRMError.self) { try XFRMAEAD(name: "rfc4106(gcm(aes))", key: Self.secret(20), icvBits: 100) }
        #expect(throws: XFRMError.self) { try XFRMEncryption(name: "cbc(aes)", key: Self.secret(XFRMLayout.maximumKeyLength + 1)) }
    }

    @Test func familiesMustAgree() throws {
        let v4 = Fixtures.address("192.0.2.1"), v6 = Fixtures.address("2001:db8::1")
        let cipher = XFRMCipher.aead(try .aesGCM16(keyAndSalt: Self.secret(20)))
        #expect(throws: XFRMError.self) { try XFRMState(source: v4, destination: v6, spi: 0x1000, reqid: 1, cipher: cipher) }
        #expect(throws: XFRMError.self) { try XFRMTemplate(source: v6, destination: v4, reqid: 1) }
        #expect(throws: XFRMError.self) { try XFRMSelector(source: .host(v4), destination: .host(v6)) }
        // Inner and outer families may differ (IPv6 traffic in an IPv4 tunnel).
        let state = try XFRMState(source: v4, destination: Fixtures.address("192.0.2.2"), spi: 0x1000, reqid: 1, cipher: cipher,
                                  selector: try XFRMSelector(source: .any(.ipv6), destination: .host(v6)))
        #expect(state.family == .ipv4 && state.selector?.family == .ipv6)
    }

    @Test func rangesAreChecked() throws {
        let v4 = Fixtures.address("192.0.2.1"), v4b = Fixtures.address("192.0.2.2")
        let cipher = XFRMCipher.aead(try .aesGCM16(keyAndSalt: Self.secret(20)))
        for spi: UInt32 in [0, 1, 255] {
            #expect(throws: XFRMError.self) { try XFRMState(source: v4, destination: v4b, spi: spi, reqid: 1, cipher: cipher) }
        }
        _ = try XFRMState(source: v4, destination: v4b, spi: 256, reqid: 1, cipher: cipher, replayWindow: 4096)
        #expect(throws: XFRMError.self) { try XFRMState(source: v4, destination: v4b, spi: 256, reqid: 1, cipher: cipher, replayWindow: 4097) }
        #expect(throws: XFRMError.self) { try XFRMPrefix(v4, length: 33) }
        #expect(throws: XFRMError.self) { try XFRMPrefix(v4, length: -1) }
        _ = try XFRMPrefix(Fixtures.address("2001:db8::"), length: 128)
        #expect(throws: XFRMError.self) { try XFRMSelector(source: .host(v4), destination: .host(v4b), destinationPort: 53) }
    }

    @Test func replayEncodingFollowsTheWindow() throws {
        let v4 = Fixtures.address("192.0.2.1"), v4b = Fixtures.address("192.0.2.2")
        let cipher = XFRMCipher.aead(try .aesGCM16(keyAndSalt: Self.secret(20)))
        func state(_ window: UInt32, esn: Bool) throws -> XFRMState {
            try XFRMState(source: v4, destination: v4b, spi: 0x1000, reqid: 1, cipher: cipher, replayWindow: window, extendedSequenceNumbers: esn)
        }
        #expect(try !state(32, esn: false).usesReplayESNAttribute)
        #expect(try state(33, esn: false).usesReplayESNAttribute && state(33, esn: false).replayBitmapWords == 2)
        #expect(try state(0, esn: true).usesReplayESNAttribute && state(0, esn: true).replayBitmapWords == 0)
        #expect(try state(4096, esn: true).replayBitmapWords == 128)
    }

    @Test func keysNeverPrint() throws {
        let encryption = try XFRMEncryption.aesCBC(key: Self.secret(16, 0xAB))
        let authentication = try XFRMAuthentication.hmacSHA1_96(key: Self.secret(20, 0xCD))
        let state = try XFRMState(source: Fixtures.address("192.0.2.1"), destination: Fixtures.address("192.0.2.2"), spi: 0xC0FF_EE01,
                                  reqid: 1, cipher: .encryptionAndAuthentication(encryption, authentication),
                                  encapsulation: XFRMEncapsulation(sourcePort: 4500, destinationPort: 4500))
        let texts = [state.description, "\(state)", String(reflecting: state), XFRMRequest.newSA(state).description,
                     encryption.description, authentication.description, "\(state.cipher)"]
        for text in texts {
            for needle in ["abab", "ABAB", "cdcd", "CDCD", "171, 171", "205, 205"] {
                #expect(!text.contains(needle), "\(text)")
            }
        }
        #expect(state.description == "ESP tunnel 192.0.2.1 -> 192.0.2.2 spi 0xc0ffee01 reqid 1 cbc(aes) (128-bit key), "
                + "hmac(sha1)-96 (160-bit key) encap espinudp 4500 -> 4500 replay-window 32")
        // The encoding carries them, as it must.
        let encoded = XFRMRequest.newSA(state).encoded(sequence: 1).withUnsafeBytes { Array($0) }
        #expect(encoded.count == XFRMRequest.newSA(state).length)
        #expect(encoded.indices.contains { encoded[$0...].starts(with: [UInt8](repeating: 0xAB, count: 16)) })
    }
}
