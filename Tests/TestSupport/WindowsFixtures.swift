// The IKE_SA_INIT requests Windows' built-in "Agile VPN" client sends, built
// byte by byte from the facts in the project's research notes (a decoded 2015
// capture of a Windows 8.x client, strongSwan's Windows interop docs, and
// logs of Windows 10 and 11 clients).

public enum WindowsFixture {
    /// The initiator SPI of the decoded capture.
    public static let initiatorSPI: UInt64 = 0x2386_71C8_0375_A0FB
    /// Stand-ins for random values: a 128-octet MODP-1024 public value, a
    /// 48-octet nonce and two SHA-1 NAT detection hashes.
    public static let keyExchangeData = (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
    public static let nonce = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
    public static let natSourceHash = [UInt8](repeating: 0xA5, count: 20)
    public static let natDestinationHash = [UInt8](repeating: 0x5A, count: 20)

    /// The four vendor IDs, in the order Windows sends them.
    public static let vendorIDs: [[UInt8]] = [
        [UInt8](hex: "1e2b516905991c7d7c96fcbfb587e461 00000009"),  // MS NT5 ISAKMPOAKLEY v9
        [UInt8](hex: "fb1de3cdf341b7ea16b7e5be0855f120"),           // MS-Negotiation Discovery Capable
        [UInt8](hex: "26244d38eddb61b3172a36e3d0cfb819"),           // Vid-Initial-Contact
        [UInt8](hex: "01528bbbc00696121849ab9a1c5b2a51 00000002"),  // unnamed; IKEv2 marker
    ]

    /// (ENCR id, key length, INTEG id, PRF id) of the 12 proposals Windows 7–10
    /// send, all with DH group 2, in order.
    public static let classicSuites: [(encr: Int, keyLength: Int?, integ: Int, prf: Int)] = {
        let hashes = [(2, 2), (12, 5), (13, 6)]  // (INTEG, PRF): SHA1, SHA2-256, SHA2-384
        var suites: [(Int, Int?, Int, Int)] = hashes.map { (3, nil, $0.0, $0.1) }
        for bits in [128, 192, 256] {
            suites += hashes.map { (12, bits, $0.0, $0.1) }
        }
        return suites
    }()

    /// The default Windows 7–10 IKE_SA_INIT request: 880 octets, as captured.
    public static func classicRequest() -> [UInt8] {
        let proposals = classicSuites.enumerated().map { index, suite in
            Wire.proposal(last: index == classicSuites.count - 1, number: UInt8(index + 1), protocolID: 1, transforms: [
                Wire.transform(last: false, type: 1, id: suite.encr, keyLength: suite.keyLength),
                Wire.transform(last: false, type: 3, id: suite.integ),
                Wire.transform(last: false, type: 2, id: suite.prf),
                Wire.transform(last: true, type: 4, id: 2),
            ])
        }
        return request(proposals: proposals, fragmentationNotify: false)
    }

    /// Windows 11, layout A: the classic 12 proposals plus six single-combination
    /// AES-GCM proposals (GCM-128/256 × PRF SHA1/SHA2-256/SHA2-384, no INTEG).
    public static func windows11SingleCombinationRequest() -> [UInt8] {
        var suites: [[[UInt8]]] = classicSuites.map { suite in
            [Wire.transform(last: false, type: 1, id: suite.encr, keyLength: suite.keyLength),
             Wire.transform(last: false, type: 3, id: suite.integ),
             Wire.transform(last: false, type: 2, id: suite.prf),
             Wire.transform(last: true, type: 4, id: 2)]
        }
        for bits in [128, 256] {
            for prf in [2, 5, 6] {
                suites.append([Wire.transform(last: false, type: 1, id: 20, keyLength: bits),
                               Wire.transform(last: false, type: 2, id: prf),
                               Wire.transform(last: true, type: 4, id: 2)])
            }
        }
        let proposals = suites.enumerated().map { index, transforms in
            Wire.proposal(last: index == suites.count - 1, number: UInt8(index + 1), protocolID: 1, transforms: transforms)
        }
        return request(proposals: proposals, fragmentationNotify: true)
    }

    /// Windows 11, layout B: two proposals with several transforms per type,
    /// as strongSwan lays them out (CBC suites, then AEAD suites).
    public static func windows11MultiTransformRequest() -> [UInt8] {
        let cbc: [[UInt8]] = [
            Wire.transform(last: false, type: 1, id: 3),
            Wire.transform(last: false, type: 1, id: 12, keyLength: 128),
            Wire.transform(last: false, type: 1, id: 12, keyLength: 192),
            Wire.transform(last: false, type: 1, id: 12, keyLength: 256),
            Wire.transform(last: false, type: 3, id: 2),
            Wire.transform(last: false, type: 3, id: 12),
            Wire.transform(last: false, type: 3, id: 13),
            Wire.transform(last: false, type: 2, id: 2),
            Wire.transform(last: false, type: 2, id: 5),
            Wire.transform(last: false, type: 2, id: 6),
            Wire.transform(last: true, type: 4, id: 2),
        ]
        let gcm: [[UInt8]] = [
            Wire.transform(last: false, type: 1, id: 20, keyLength: 128),
            Wire.transform(last: false, type: 1, id: 20, keyLength: 256),
            Wire.transform(last: false, type: 2, id: 2),
            Wire.transform(last: false, type: 2, id: 5),
            Wire.transform(last: false, type: 2, id: 6),
            Wire.transform(last: true, type: 4, id: 2),
        ]
        return request(proposals: [
            Wire.proposal(last: false, number: 1, protocolID: 1, transforms: cbc),
            Wire.proposal(last: true, number: 2, protocolID: 1, transforms: gcm),
        ], fragmentationNotify: true)
    }

    /// SA KE Ni [N(FRAG_SUP)] N(NATD_S) N(NATD_D) V V V V, in Windows' order.
    private static func request(proposals: [[UInt8]], fragmentationNotify: Bool) -> [UInt8] {
        // Payload types: SA 33, KE 34, Nonce 40, N 41, V 43.
        var chain: [(type: UInt8, body: [UInt8])] = [
            (33, proposals.flatMap { $0 }),
            (34, be16(2) + [0, 0] + keyExchangeData),
            (40, nonce),
        ]
        if fragmentationNotify { chain.append((41, Wire.notify(type: 16430))) }
        chain.append((41, Wire.notify(type: 16388, data: natSourceHash)))
        chain.append((41, Wire.notify(type: 16389, data: natDestinationHash)))
        chain += vendorIDs.map { (43, $0) }
        var body: [UInt8] = []
        for (index, payload) in chain.enumerated() {
            let next = index + 1 < chain.count ? chain[index + 1].type : 0
            body += Wire.payload(next: next, payload.body)
        }
        // Exchange 34 = IKE_SA_INIT, flags 0x08 = Initiator, message ID 0.
        return Wire.header(spiI: initiatorSPI, spiR: 0, next: 33, exchange: 34, flags: 0x08, messageID: 0, bodyLength: body.count) + body
    }
}
