import Testing
import TestSupport
@testable import IKECrypto

/// ChaCha20-Poly1305 against RFC 8439 §2.8.2 and the ESP and IKEv2 examples
/// of RFC 7634 Appendices A and B (as also listed in strongSwan's
/// chacha20poly1305.c). The 12-byte nonce is salt(4) ‖ IV(8) (RFC 7634 §2).
/// Cross-checked with Python `cryptography` ChaCha20Poly1305.
@Suite struct ChaCha20Poly1305Tests {
    static let rfc7634Key = hex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")

    @Test func rfc8439Section2_8_2() throws {
        // RFC 8439 §2.8.2: constant 07000000 = salt, IV 4041424344454647.
        let aead = try AEADCipher(.chaCha20Poly1305, key: SecretBytes(Self.rfc7634Key + hex("07000000")))
        let plaintext = ascii("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
        let aad = hex("50515253c0c1c2c3c4c5c6c7")
        let iv = hex("4041424344454647")
        let expected = hex("""
            d31a8d34648e60db7b86afbc53ef7ec2 a4aded51296e08fea9e2b5a736ee62d6
            3dbea45e8ca9671282fafb69da92728b 1a71de0a9e060b2905d6a5b67ecd3b36
            92ddbd7f2d778b8c9803aee328091b58 fab324e4fad675945585808b4831d7bc
            3ff4def08e4b7a9de576d26586cec64b 6116
            1ae10b594f09e26a7e902ecbd0600691
            """)
        #expect(try aead.seal(plaintext, iv: iv, aad: aad) == expected)
        #expect(try aead.open(expected, iv: iv, aad: aad) == plaintext)
        var tampered = expected
        tampered[tampered.count - 16] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(tampered, iv: iv, aad: aad) }
    }

    @Test func rfc7634AppendixAESP() throws {
        // RFC 7634 Appendix A: ESP, salt a0a1a2a3, IV 1011121314151617,
        // AAD = SPI 01020304 ‖ sequence number 00000005.
        let aead = try AEADCipher(.chaCha20Poly1305, key: SecretBytes(Self.rfc7634Key + hex("a0a1a2a3")))
        let plaintext = hex("""
            45000054a6f2000040 01e778c6336405c000020508005b7a3a080000553bec10
            0007362708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223
            2425262728292a2b2c2d2e2f303132333435363701020204
            """)
        let expected = hex("""
            24039428b97f417e3c13753a4f05087b 67c352e6a7fab1b982d466ef407ae5c6
            14ee8099d52844eb61aa95dfab4c02f7 2aa71e7c4c4f64c9befe2facc638e8f3
            cbec163fac469b502773f6fb94e664da 9165b82829f641e076aaa8266b7fb0f7
            b11b369907e1ad43
            """)
        let iv = hex("1011121314151617")
        let aad = hex("0102030400000005")
        #expect(try aead.seal(plaintext, iv: iv, aad: aad) == expected)
        #expect(try aead.open(expected, iv: iv, aad: aad) == plaintext)
    }

    @Test func rfc7634AppendixBIKEv2() throws {
        // RFC 7634 Appendix B: IKEv2 SK payload, AAD = IKE header and the
        // encrypted payload's generic header.
        let aead = try AEADCipher(.chaCha20Poly1305, key: SecretBytes(Self.rfc7634Key + hex("a0a1a2a3")))
        let plaintext = hex("0000000c000040010000000a00")
        let aad = hex("c0c1c2c3c4c5c6c7d0d1d2d3d4d5d6d72e202500000000090000004529000029")
        let iv = hex("1011121314151617")
        let expected = hex("610394701f8d017f7c129248896b71bf e25236efd7cdc67066906315b2")
        #expect(try aead.seal(plaintext, iv: iv, aad: aad) == expected)
        #expect(try aead.open(expected, iv: iv, aad: aad) == plaintext)
        var wrongAAD = aad
        wrongAAD[wrongAAD.count - 1] ^= 0x01
        #expect(throws: CryptoError(.authenticationFailed, "")) { try aead.open(expected, iv: iv, aad: wrongAAD) }
    }

    @Test func keyWithoutSaltIsRejected() {
        #expect(throws: CryptoError(.invalidLength, "")) {
            try AEADCipher(.chaCha20Poly1305, key: SecretBytes(Self.rfc7634Key))
        }
    }
}
