import TestSupport

/// Packets used across the RADIUS tests.
enum RADIUSVectors {
    // MARK: RFC 2865 §7 examples

    /// RFC 2865 §7.1: Access-Request, User-Name "nemo", User-Password,
    /// NAS-IP-Address 192.168.1.16, NAS-Port 3.
    static let rfc2865AccessRequest = hex("""
        01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a 01 06 6e 65 6d 6f 02 12 0d be 70 8d
        93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03
        """)
    /// RFC 2865 §7.1: the Access-Accept answering it, secret "xyzzy5461":
    /// Service-Type Login, Login-Service Telnet, Login-IP-Host 192.168.1.3.
    static let rfc2865AccessAccept = hex("""
        02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2 06 06 00 00 00 01 0f 06 00 00 00 00
        0e 06 c0 a8 01 03
        """)
    /// RFC 2865 §7.2: Access-Request with CHAP-Password, NAS-IP-Address,
    /// NAS-Port 20, Service-Type Framed, Framed-Protocol PPP.
    static let rfc2865CHAPRequest = hex("""
        01 01 00 47 2a ee 86 f0 8d 0d 55 96 9c a5 97 8e 0d 33 67 a2 01 08 66 6c 6f 70 73 79 03 13 16 e9
        75 57 c3 16 18 58 95 f2 93 ff 63 44 07 72 75 04 06 c0 a8 01 10 05 06 00 00 00 14 06 06 00 00 00
        02 07 06 00 00 00 01
        """)
    /// RFC 2865 §7.3: Access-Challenge with Reply-Message and State.
    static let rfc2865AccessChallenge = hex("""
        0b 02 00 4e 36 f3 c8 76 4a e8 c7 11 57 40 3c 0c 71 ff 9c 45 12 30 43 68 61 6c 6c 65 6e 67 65 20
        33 32 37 36 39 34 33 30 2e 20 20 45 6e 74 65 72 20 72 65 73 70 6f 6e 73 65 20 61 74 20 70 72 6f
        6d 70 74 2e 18 0a 33 32 37 36 39 34 33 30
        """)
    static let rfc2865Secret = "xyzzy5461"

    // MARK: Computed by Tests/CrossChecks/radius_vectors.py (hashlib/hmac)

    static let requestAuthenticator: [UInt8] = Array(0xA0...0xAF)
    static let eapIdentityResponse: [UInt8] = [2, 1, 0, 9, 1] + Array("nemo".utf8)
    static let eapChallenge = hex("01 02 00 1d 1a 01 02 00 15 10 5b5d7c7d7b3f2f3e3c2c602132262628 737276")
    static let state = hex("0123456789abcdef")
    static let accessRequest = hex("""
        01070048a0a1a2a3a4a5a6a7a8a9aaabacadaeaf01066e656d6f200b67617465686f7573653d06000000054f0b02010009016e656d6f50\
        1219c696b2686520dbb17812351ff39d21
        """)
    static let accessChallenge = hex("""
        0b07004f6a5e87f425c8611ee938b9cb812afaa84f1f0102001d1a01020015105b5d7c7d7b3f2f3e3c2c602132262628737276180a01\
        23456789abcdef50128c07bf0136993316bd6fbc9490a1a7c4
        """)
    static let mppeRecvValue = hex("8001f13fd88b74e0600f8bf308203ecfcc33bbbd9b5af21391941e8c3b4e6a463e1e")
    static let mppeSendValue = hex("8002c1a79109915f7e5716de94010f452c9a8e4f4e4f39a149dae4f340622a9f8104")
    static let mppeLongValue = hex("""
        ffff5445ded160072f3a24cb62a0a1b97289bcf92249dde55dfbe70d29166a21a587d5c9a99d77964aaa83dcc420f169aba0
        """)
    static let accessAccept = hex("""
        020700807209f8a07d002f021a37568b66cc8f291a2a0000013711248001f13fd88b74e0600f8bf308203ecfcc33bbbd9b5af21391941e\
        8c3b4e6a463e1e1a2a0000013710248002c1a79109915f7e5716de94010f452c9a8e4f4e4f39a149dae4f340622a9f81044f06030300\
        0450127613ecfd361eacbf972a97fb3f095a99
        """)
    static let accountingRequest = hex("040900295010bd340491c023c384ba7ecd41b1992806000000012c0967682d3030303101066e656d6f")
    static let accountingResponse = hex("0509001401c61068e6a41511f433839122767c7e")

    /// RFC 3079 §3.5.3 (continuing RFC 2759 §9.2): the server's receive
    /// (Magic2) and send (Magic3) keys, as a RADIUS server sends them.
    static let recvKey = hex("D5F0E9521E3EA9589645E86051C82226")
    static let sendKey = hex("8B7CDC149B993A1BA118CB153F56DCCB")
}
