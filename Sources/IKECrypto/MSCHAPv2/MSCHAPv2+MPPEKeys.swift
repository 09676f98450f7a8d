import COpenSSL

extension MSCHAPv2 {
    /// The direction a key protects, seen from one side (RFC 3079 §3.4).
    public enum KeyDirection: Sendable {
        /// The key that encrypts what this side sends.
        case send
        /// The key that decrypts what this side receives.
        case receive
    }

    /// The side computing a key (RFC 3079 §3.4 `IsServer`).
    public enum Side: Sendable {
        /// The peer being authenticated (the IKE initiator).
        case client
        /// The authenticator (this gateway, or its RADIUS server).
        case server
    }

    /// GetMasterKey (RFC 3079 §3.4): the first 16 bytes of
    /// SHA-1(PasswordHashHash ‖ NT-Response ‖ Magic1).
    public static func masterKey(passwordHashHash: SecretBytes, ntResponse: [UInt8]) throws -> SecretBytes {
        try requireLength(passwordHashHash.count, 16, "password hash hash")
        try requireLength(ntResponse.count, ntResponseSize, "NT-Response")
        let digest = try Digest.hash(.sha1, concatenating: [passwordHashHash, ntResponse, masterKeyMagic1])
        return SecretBytes(Array(digest[0..<16]))
    }

    /// GetAsymmetricStartKey (RFC 3079 §3.4) for 128-bit keys: the first 16
    /// bytes of SHA-1(MasterKey ‖ SHSpad1 ‖ Magic ‖ SHSpad2).
    ///
    /// Magic2 gives the client's send key, which is the server's receive key;
    /// Magic3 the client's receive key, which is the server's send key.
    public static func asymmetricStartKey(masterKey: SecretBytes, direction: KeyDirection, side: Side) throws -> SecretBytes {
        try requireLength(masterKey.count, 16, "master key")
        let magic = switch (direction, side) {
        case (.send, .client), (.receive, .server): startKeyMagic2
        case (.send, .server), (.receive, .client): startKeyMagic3
        }
        let digest = try Digest.hash(.sha1, concatenating: [masterKey, shsPad1, magic, shsPad2])
        return SecretBytes(Array(digest[0..<16]))
    }

    /// The 64-byte EAP-MSCHAPv2 MSK that IKEv2 uses to compute the AUTH
    /// payloads after EAP (RFC 7296 §2.16), as strongSwan and Windows
    /// derive it:
    ///
    ///     MSK = MasterReceiveKey(16) ‖ MasterSendKey(16) ‖ 32 zero bytes
    ///
    /// with the keys named from the server's side: MasterReceiveKey is the
    /// Magic2 key (the client's send key) and MasterSendKey is the Magic3 key
    /// (the client's receive key, the SendStartKey128 that RFC 3079 §3.5.3
    /// computes for the server). Client and server therefore produce the same
    /// 64 bytes; for the RFC 2759 §9.2 / RFC 3079 §3.5.3 example ("User",
    /// "clientPass") the MSK starts D5F0E952… ‖ 8B7CDC14….
    public static func ikev2MSK(passwordHash: SecretBytes, ntResponse: [UInt8]) throws -> SecretBytes {
        try ikev2MSK(passwordHashHash: hashNtPasswordHash(passwordHash), ntResponse: ntResponse)
    }

    /// The MSK from PasswordHashHash, which is all a domain controller
    /// returns (`ntlm_auth`'s NT key).
    public static func ikev2MSK(passwordHashHash: SecretBytes, ntResponse: [UInt8]) throws -> SecretBytes {
        let master = try masterKey(passwordHashHash: passwordHashHash, ntResponse: ntResponse)
        let receive = try asymmetricStartKey(masterKey: master, direction: .receive, side: .server)
        let send = try asymmetricStartKey(masterKey: master, direction: .send, side: .server)
        var msk = [UInt8]()
        msk.reserveCapacity(64)
        receive.withUnsafeBytes { msk.append(contentsOf: $0) }
        send.withUnsafeBytes { msk.append(contentsOf: $0) }
        msk.append(contentsOf: repeatElement(0, count: 32))
        return SecretBytes(msk)
    }

    /// "This is the MPPE Master Key" (RFC 3079 §3.4 Magic1).
    static let masterKeyMagic1 = Array("This is the MPPE Master Key".utf8)
    /// RFC 3079 §3.4 Magic2.
    static let startKeyMagic2 = Array("On the client side, this is the send key; on the server side, it is the receive key.".utf8)
    /// RFC 3079 §3.4 Magic3.
    static let startKeyMagic3 = Array("On the client side, this is the receive key; on the server side, it is the send key.".utf8)
    /// SHSpad1: 40 zero bytes (RFC 3079 §3.4).
    static let shsPad1 = [UInt8](repeating: 0x00, count: 40)
    /// SHSpad2: 40 bytes of 0xF2 (RFC 3079 §3.4).
    static let shsPad2 = [UInt8](repeating: 0xF2, count: 40)
}
