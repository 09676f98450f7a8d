import Benchmark
import Crypto
import _CryptoExtras
import IKECrypto
import IKEWire

/// The public-key and password operations a handshake pays for, per group
/// and key, with swift-crypto alongside OpenSSL where both can do the job.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 5,
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 2_000
    )

    // MARK: Diffie-Hellman: our keygen + derive against a fixed peer value.

    for group in KeyExchangeGroup.allCases {
        guard let peer = try? KeyExchangePrivateKey(group: group) else { continue }
        let peerValue = peer.publicValue
        Benchmark("DH keygen+derive \(group) (OpenSSL)") { benchmark in
            for _ in benchmark.scaledIterations {
                let ours = try KeyExchangePrivateKey(group: group)
                blackHole(ours.publicValue)
                blackHole(try ours.sharedSecret(peerPublicValue: peerValue))
            }
        }
    }

    let p256Peer = P256.KeyAgreement.PrivateKey().publicKey
    Benchmark("DH keygen+derive ECP_256 (swift-crypto)") { benchmark in
        for _ in benchmark.scaledIterations {
            let ours = P256.KeyAgreement.PrivateKey()
            blackHole(ours.publicKey.rawRepresentation)
            blackHole(try ours.sharedSecretFromKeyAgreement(with: p256Peer))
        }
    }
    let x25519Peer = Curve25519.KeyAgreement.PrivateKey().publicKey
    Benchmark("DH keygen+derive CURVE_25519 (swift-crypto)") { benchmark in
        for _ in benchmark.scaledIterations {
            let ours = Curve25519.KeyAgreement.PrivateKey()
            blackHole(ours.publicKey.rawRepresentation)
            blackHole(try ours.sharedSecretFromKeyAgreement(with: x25519Peer))
        }
    }

    // MARK: RSA-2048 signatures: the gateway's AUTH, same key in both libraries.

    let octets = [UInt8](repeating: 0x42, count: 1_000)  // about the size of signed octets
    if let swiftKey = try? _RSA.Signing.PrivateKey(keySize: .bits2048),
       let ourKey = try? PrivateKey(pemEncoded: swiftKey.pemRepresentation) {
        Benchmark("RSA-2048 sign PKCS#1 v1.5 SHA-1, AUTH method 1 (OpenSSL)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try SignatureAuthentication.sign(octets, with: ourKey, method: .rsaSignature))
            }
        }
        Benchmark("RSA-2048 sign PKCS#1 v1.5 SHA-256 (OpenSSL)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try ourKey.signature(for: octets, scheme: .rsaPKCS1v15(.sha256)))
            }
        }
        Benchmark("RSA-2048 sign PKCS#1 v1.5 SHA-256 (swift-crypto _RSA)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try swiftKey.signature(for: octets, padding: .insecurePKCS1v1_5))
            }
        }
        if let signature = try? ourKey.signature(for: octets, scheme: .rsaPKCS1v15(.sha256)) {
            let publicKey = ourKey.publicKey
            Benchmark("RSA-2048 verify PKCS#1 v1.5 SHA-256 (OpenSSL)") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try publicKey.verify(signature, for: octets, scheme: .rsaPKCS1v15(.sha256)))
                }
            }
        }
    }

    if let p256 = try? PrivateKey(pemEncoded: P256.Signing.PrivateKey().pemRepresentation) {
        Benchmark("ECDSA P-256 sign, AUTH method 9 (OpenSSL)") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try SignatureAuthentication.sign(octets, with: p256, method: .ecdsaSHA256P256))
            }
        }
    }

    // MARK: MSCHAPv2: the server's whole check of one Response (RFC 2759 §8, RFC 3079).

    let userName = Array("alice".utf8)
    let authenticatorChallenge = [UInt8](repeating: 0x11, count: 16)
    let peerChallenge = [UInt8](repeating: 0x22, count: 16)
    if let storedHash = try? MSCHAPv2.ntPasswordHash(password: "correct horse battery staple"),
       let ntResponse = try? MSCHAPv2.generateNTResponse(authenticatorChallenge: authenticatorChallenge, peerChallenge: peerChallenge,
                                                         userName: userName, passwordHash: storedHash) {
        @Sendable func serverCheck(_ passwordHash: SecretBytes) throws {
            try MSCHAPv2.verifyNTResponse(ntResponse, authenticatorChallenge: authenticatorChallenge, peerChallenge: peerChallenge,
                                          userName: userName, passwordHash: passwordHash)
            blackHole(try MSCHAPv2.generateAuthenticatorResponse(passwordHash: passwordHash, ntResponse: ntResponse,
                                                                 peerChallenge: peerChallenge,
                                                                 authenticatorChallenge: authenticatorChallenge, userName: userName))
            blackHole(try MSCHAPv2.ikev2MSK(passwordHash: passwordHash, ntResponse: ntResponse))
        }
        Benchmark("MSCHAPv2 verify + authenticator response + MSK, stored NT hash") { benchmark in
            for _ in benchmark.scaledIterations { try serverCheck(storedHash) }
        }
        Benchmark("MSCHAPv2 verify + authenticator response + MSK, plaintext password (MD4)") { benchmark in
            for _ in benchmark.scaledIterations {
                try serverCheck(try MSCHAPv2.ntPasswordHash(password: "correct horse battery staple"))
            }
        }
    }

    // MARK: IKE SA key derivation (SKEYSEED and the seven keys).

    guard let suite = try? IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256) else { return }
    let secret = SecretBytes([UInt8](repeating: 9, count: 32))
    let nonce = [UInt8](repeating: 3, count: 32)
    Benchmark("IKE SA key derivation (AES-CBC-256/SHA-256)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try IKESAKeys.derive(suite: suite, sharedSecret: secret, initiatorNonce: nonce, responderNonce: nonce,
                                           initiatorSPI: 1, responderSPI: 2))
        }
    }
}
