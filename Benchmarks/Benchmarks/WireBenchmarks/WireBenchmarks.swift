import Benchmark
import IKECrypto
import IKEWire

/// Codec and SK costs per message. Malloc counts exclude CPU-time metrics,
/// which allocate inside the measured region (package-benchmark reads
/// /proc/self/stat).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        warmupIterations: 100,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )

    let ikeSAInit = Fixtures.windowsIKESAInit
    Benchmark("decode IKE_SA_INIT (Windows, 880 B)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ReceivedIKEMessage(decoding: ikeSAInit))
        }
    }

    let decodedSAInit = try? ReceivedIKEMessage(decoding: ikeSAInit).message
    Benchmark("encode IKE_SA_INIT (Windows, 880 B)") { benchmark in
        guard let message = decodedSAInit else { return }
        for _ in benchmark.scaledIterations {
            blackHole(message.encode())
        }
    }

    let ikeAuth = Fixtures.windowsIKEAuthPlain
    Benchmark("decode IKE_AUTH payloads (Windows EAP, unencrypted)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ReceivedIKEMessage(decoding: ikeAuth))
        }
    }

    let ikeAuthMessage = IKEMessage(header: Fixtures.ikeAuthHeader, payloads: Fixtures.windowsIKEAuthPayloads)
    Benchmark("encode IKE_AUTH payloads (Windows EAP, unencrypted)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(ikeAuthMessage.encode())
        }
    }

    let suites = [
        try? IKECipherSuite(encryption: .aesCBC(.bits256), integrity: .hmacSHA256_128, prf: .hmacSHA256),
        try? IKECipherSuite(encryption: .aesGCM(.bits256, icv: .bytes16), integrity: nil, prf: .hmacSHA256),
    ]
    for case let suite? in suites {
        guard let keys = try? IKESAKeys.derive(suite: suite, sharedSecret: SecretBytes([UInt8](repeating: 7, count: 128)),
                                               initiatorNonce: [UInt8](repeating: 1, count: 32),
                                               responderNonce: [UInt8](repeating: 2, count: 32),
                                               initiatorSPI: 1, responderSPI: 2),
              let sender = try? IKEMessageProtection(suite: suite, keys: keys, role: .initiator),
              let protected = try? sender.protect(header: Fixtures.ikeAuthHeader, payloads: Fixtures.windowsIKEAuthPayloads),
              let received = try? ReceivedIKEMessage(decoding: protected)
        else { continue }
        let name = suite.encryption.isAEAD ? "AES-GCM-256" : "AES-CBC-256/HMAC-SHA-256"
        // Contexts kept (the handshake), and keyed per message: what an
        // established SA pays for holding none (keepsContexts off).
        for (keeps, label) in [(true, name), (false, "\(name), contexts keyed per message")] {
            guard let initiator = try? IKEMessageProtection(suite: suite, keys: keys, role: .initiator),
                  let responder = try? IKEMessageProtection(suite: suite, keys: keys, role: .responder) else { continue }
            initiator.keepsContexts = keeps
            responder.keepsContexts = keeps
            Benchmark("SK protect IKE_AUTH (\(label))") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try initiator.protect(header: Fixtures.ikeAuthHeader, payloads: Fixtures.windowsIKEAuthPayloads))
                }
            }
            Benchmark("SK unprotect IKE_AUTH (\(label))") { benchmark in
                for _ in benchmark.scaledIterations {
                    blackHole(try responder.unprotect(received))
                }
            }
        }
    }
}
