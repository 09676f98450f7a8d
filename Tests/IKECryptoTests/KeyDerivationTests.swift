import Testing
@testable import IKECrypto

/// IKE SA and CHILD_SA key derivation through the typed API, against the
/// NIST CAVP SP 800-135 IKEv2 KDF vector used in PRFPlusTests. With
/// AES-CBC-128, HMAC-SHA1-96 and PRF-HMAC-SHA1, the seven keys take
/// 20+20+20+16+16+20+20 = 132 octets: exactly the vector's DKM.
@Suite struct KeyDerivationTests {
    typealias V = PRFPlusTests
    let suite: IKECipherSuite

    init() throws {
        suite = try IKECipherSuite(encryption: .aesCBC(.bits128), integrity: .hmacSHA1_96, prf: .hmacSHA1)
    }

    private func concatenated(_ keys: IKESAKeys) -> [UInt8] {
        [keys.d, keys.ai, keys.ar, keys.ei, keys.er, keys.pi, keys.pr].flatMap(\.bytes)
    }

    private func spi(_ bytes: [UInt8]) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }

    @Test func ikeSAKeysSplitTheCAVPKeyingMaterial() throws {
        let keys = try IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes(V.gir),
                                        initiatorNonce: V.ni, responderNonce: V.nr,
                                        initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        #expect(concatenated(keys) == V.dkm)
        #expect(keys.d.count == 20 && keys.ai.count == 20 && keys.ei.count == 16 && keys.pr.count == 20)
    }

    @Test func rekeyedIKESAUsesTheOldPRFForSKEYSEED() throws {
        let old = try IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes(V.gir),
                                       initiatorNonce: V.ni, responderNonce: V.nr,
                                       initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        let rekeyed = try old.deriveRekeyed(oldPRF: .hmacSHA1, newSuite: suite, sharedSecret: SecretBytes(V.girNew),
                                            initiatorNonce: V.ni, responderNonce: V.nr,
                                            initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        let expected = try IKESAKeys.expand(skeyseed: SecretBytes(V.skeyseedRekey), suite: suite,
                                            initiatorNonce: V.ni, responderNonce: V.nr,
                                            initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        #expect(concatenated(rekeyed) == concatenated(expected))
        // A different new PRF changes neither SKEYSEED nor prf+ (the old PRF
        // runs both, as strongSwan does); it only sets SK_d/SK_pi/SK_pr's length.
        let sha256Suite = try IKECipherSuite(encryption: .aesCBC(.bits128), integrity: .hmacSHA1_96, prf: .hmacSHA256)
        let viaSHA256 = try old.deriveRekeyed(oldPRF: .hmacSHA1, newSuite: sha256Suite, sharedSecret: SecretBytes(V.girNew),
                                              initiatorNonce: V.ni, responderNonce: V.nr,
                                              initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        let expectedSHA256 = try IKESAKeys.expand(skeyseed: SecretBytes(V.skeyseedRekey), suite: sha256Suite, prfPlus: .hmacSHA1,
                                                  initiatorNonce: V.ni, responderNonce: V.nr,
                                                  initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        #expect(concatenated(viaSHA256) == concatenated(expectedSHA256))
        #expect(viaSHA256.d.count == 32 && viaSHA256.pr.count == 32, "lengths of the new PRF's key")
        let newPRFExpansion = try IKESAKeys.expand(skeyseed: SecretBytes(V.skeyseedRekey), suite: sha256Suite,
                                                   initiatorNonce: V.ni, responderNonce: V.nr,
                                                   initiatorSPI: spi(V.spii), responderSPI: spi(V.spir))
        #expect(concatenated(viaSHA256) != concatenated(newPRFExpansion))
    }

    @Test func childSAKeysComeInRFCOrder() throws {
        // ESP AES-CBC-128 + HMAC-SHA1-96: (16 + 20) per direction, initiator's first.
        let prf = try PRF(.hmacSHA1, key: SecretBytes(Array(V.dkm[0..<20])))
        let keys = try ChildSAKeys.derive(prf: prf, encryption: .aesCBC(.bits128), integrity: .hmacSHA1_96,
                                          initiatorNonce: V.ni, responderNonce: V.nr)
        let joined = [keys.initiatorEncryption, keys.initiatorIntegrity, keys.responderEncryption, keys.responderIntegrity].flatMap(\.bytes)
        #expect(joined == Array(V.dkmChildSA[0..<72]))
        #expect(keys.initiatorEncryption.bytes == Array(V.dkmChildSA[0..<16]))
        #expect(keys.responderIntegrity.bytes == Array(V.dkmChildSA[52..<72]))

        let pfs = try ChildSAKeys.derive(prf: prf, encryption: .aesCBC(.bits128), integrity: .hmacSHA1_96,
                                         sharedSecret: SecretBytes(V.girNew), initiatorNonce: V.ni, responderNonce: V.nr)
        #expect([pfs.initiatorEncryption, pfs.initiatorIntegrity, pfs.responderEncryption, pfs.responderIntegrity].flatMap(\.bytes)
            == Array(V.dkmChildSADH[0..<72]))
    }

    @Test func aeadChildSAKeysIncludeTheSaltAndNoIntegrityKey() throws {
        let prf = try PRF(.hmacSHA1, key: SecretBytes(Array(V.dkm[0..<20])))
        let keys = try ChildSAKeys.derive(prf: prf, encryption: .aesGCM(.bits256, icv: .bytes16), integrity: nil,
                                          initiatorNonce: V.ni, responderNonce: V.nr)
        #expect(keys.initiatorEncryption.count == 36 && keys.initiatorIntegrity.count == 0)
        #expect(keys.initiatorEncryption.bytes + keys.responderEncryption.bytes == Array(V.dkmChildSA[0..<72]))
    }
}
