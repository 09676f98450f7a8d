import EAP
import Foundation
import IKECrypto
import IKEWire
import Testing
import TestSupport
@testable import IKEEngine

/// IKE_AUTH with certificate clients (RFC 7296 §2.15): the engine's client
/// signs with methods 1, 9 and 14; the gateway asks its runtime (here a
/// closure standing in for the X.509 checks) and then verifies the AUTH
/// signature itself. Every malformed or wrong signature must be refused.
@Suite struct CertificateAuthTests {
    let network = TestNetwork()

    /// Stands in for the client's DER certificate: the engine passes CERT
    /// data to its runtime unread, and the verifier below maps it to a key.
    static let clientCertificate = Array("client certificate".utf8)
    static let clientIdentity = IdentificationPayload(type: .derASN1DN, data: [0x30, 0x00])
    static let clientKey = AuthExchangeTests.gatewayKey
    static let authorityHashes = [[UInt8](repeating: 0xA1, count: 20), [UInt8](repeating: 0xB2, count: 20)]

    init() {
        trust(Self.clientKey.publicKey)
    }

    /// Makes the gateway's runtime attribute `key` to the fixture certificate
    /// and refuse any other; admitted clients draw from `pool`.
    func trust(_ key: PublicKey, pool: String? = nil) {
        network.certificateVerifier = { request in
            guard request.certificates == [Self.clientCertificate] else { return .refused(reason: "unknown CA") }
            return .trusted(publicKey: key, authorization: Authorization(userName: "laptop1", pool: pool))
        }
    }

    func gateway(certificates: Bool = true) throws -> IKEEngine {
        var configuration = AuthExchangeTests.gatewayConfiguration
        if certificates { configuration.clientCertificates = ClientCertificatePolicy(authorityKeyHashes: Self.authorityHashes) }
        let pools = VirtualAddressPools(ipv4: AddressPool(subnet: IPv4Subnet("198.18.0.0/24")!),
                                        named: ["machines": VirtualAddressPools(ipv4: AddressPool(subnet: IPv4Subnet("198.18.1.0/24")!))])
        let engine = try IKEEngine(configuration: configuration, addresses: pools, now: network.now)
        network.attach(engine, at: TestNetwork.gateway)
        return engine
    }

    func client(at endpoint: Endpoint = TestNetwork.client) throws -> IKEEngine {
        let engine = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
        network.attach(engine, at: endpoint)
        return engine
    }

    static func credentials(_ signer: any AuthenticationSigner) -> ClientCredentials {
        ClientCredentials(identity: clientIdentity, method: .certificate(chain: [clientCertificate], signer: signer),
                          verifyResponder: AuthExchangeTests.verifyGateway)
    }

    @discardableResult
    func connect(_ client: IKEEngine, signer: any AuthenticationSigner, from endpoint: Endpoint = TestNetwork.client) throws -> UInt64 {
        let (spi, actions) = try client.initiate(from: endpoint, to: TestNetwork.gateway, credentials: Self.credentials(signer), now: network.now)
        network.run(actions, from: client)
        return spi
    }

    var establishedUsers: [String] {
        network.events.compactMap { if case .established(_, _, let authorization, _) = $0 { authorization.userName } else { nil } }
    }

    var failures: [String] {
        network.events.compactMap { if case .authenticationFailed(_, _, _, let reason) = $0 { reason } else { nil } }
    }

    // MARK: - Success

    @Test(arguments: [
        (AuthenticationMethod.rsaSignature, SignatureScheme?.none),
        (.digitalSignature, .rsaPKCS1v15(.sha256)),
        (.digitalSignature, .rsaPKCS1v15(.sha512)),
        (.digitalSignature, .rsaPSS(.sha256)),
    ])
    func rsaCertificateClientEstablishesWithTheGatewaysCertificateAndSignature(method: AuthenticationMethod, scheme: SignatureScheme?) throws {
        let gateway = try gateway()
        let client = try client()
        let spi = try connect(client, signer: KeyAuthenticationSigner(key: Self.clientKey, method: method, scheme: scheme))

        #expect(establishedUsers.count == 2 && establishedUsers.contains("laptop1"))
        guard case .established(let state)? = client.sas[spi]?.state else { throw TestFailure("client not established") }
        #expect(state.virtualAddresses == [.v4(IPv4Address(198, 18, 0, 2))])
        #expect(network.installed.count == 2)
        #expect(gateway.halfOpenCount == 0)
        // The runtime saw IDi and the certificates as sent; no EAP ran.
        #expect(network.certificateRequests.map(\.identity) == [Self.clientIdentity])
        #expect(network.certificateRequests.map(\.certificates) == [[Self.clientCertificate]])
        #expect(network.authenticationSteps.isEmpty)
        // Two exchanges: IKE_SA_INIT and one IKE_AUTH (the response, with
        // the gateway's certificate, may come in fragments).
        let messages = Set(network.sent.compactMap { datagram in
            (try? IKEHeader.peek(datagram.message[...]).header).map { "\(datagram.local) \($0.exchangeType) \($0.messageID)" }
        })
        #expect(messages.count == 4, "\(messages)")
    }

    /// Method 9 is what Windows uses with an ECDSA machine certificate;
    /// 10 and 11 (RFC 4754) and method 14 with ECDSA (RFC 7427) for others.
    @Test(arguments: [
        ("ec:P-256", AuthenticationMethod.ecdsaSHA256P256, SignatureScheme?.none),
        ("ec:P-384", .ecdsaSHA384P384, nil),
        ("ec:P-521", .ecdsaSHA512P521, nil),
        ("ec:P-256", .digitalSignature, .ecdsa(.sha256)),
        ("ec:P-384", .digitalSignature, .ecdsa(.sha384)),
    ])
    func ecdsaCertificateClientsEstablish(curve: String, method: AuthenticationMethod, scheme: SignatureScheme?) throws {
        let key = try PrivateKey(pemEncoded: OpenSSLTool.generateKey(curve))
        trust(key.publicKey)
        _ = try gateway()
        try connect(try client(), signer: KeyAuthenticationSigner(key: key, method: method, scheme: scheme))
        #expect(establishedUsers.count == 2)
    }

    @Test func theAuthorisationsPoolSuppliesTheAddress() throws {
        trust(Self.clientKey.publicKey, pool: "machines")
        _ = try gateway()
        try connect(try client(), signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        #expect(network.installed.first?.1.remoteSelectors.first?.description == "198.18.1.2/32")
    }

    @Test func anUnknownPoolLeavesTheClientWithoutAChildSA() throws {
        trust(Self.clientKey.publicKey, pool: "nobody")
        _ = try gateway()
        try connect(try client(), signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        // The IKE SA stands with INTERNAL_ADDRESS_FAILURE (RFC 7296 §1.2).
        #expect(establishedUsers.contains("laptop1"))
        #expect(network.installed.isEmpty)
    }

    @Test func ikeSAInitResponseAsksForTheConfiguredAuthorities() throws {
        _ = try gateway()
        try connect(try client(), signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        let response = try ReceivedIKEMessage(decoding: network.sent[1].message).message
        #expect(response.header.exchangeType == .ikeSAInit && response.header.isResponse)
        let requests = response.payloads.certificateRequests
        #expect(requests.count == 1)
        #expect(requests.first?.keyHashes?.map(Array.init) == Self.authorityHashes)
    }

    @Test func withoutCertificateAuthenticationThereIsNoCERTREQAndAUTHIsRefusedAtOnce() throws {
        _ = try gateway(certificates: false)
        try connect(try client(), signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        let response = try ReceivedIKEMessage(decoding: network.sent[1].message).message
        #expect(response.payloads.certificateRequests.isEmpty)
        #expect(establishedUsers.isEmpty)
        #expect(failures == ["certificate authentication not enabled"])
        #expect(network.certificateRequests.isEmpty)
    }

    @Test func eapAndCertificateClientsAreServedByOneGatewayAtTheSameTime() throws {
        try network.addUser("alice", password: "secret")
        _ = try gateway()
        let eapClient = try client()
        let certificateEndpoint = Endpoint(address: .v4(IPv4Address(192, 0, 2, 3)), port: 500)
        let certificateClient = try client(at: certificateEndpoint)
        let (eapSPI, eapActions) = try eapClient.initiate(from: TestNetwork.client, to: TestNetwork.gateway,
                                                          credentials: AuthExchangeTests.credentials("alice", "secret"), now: network.now)
        let (certificateSPI, certificateActions) = try certificateClient.initiate(
            from: certificateEndpoint, to: TestNetwork.gateway,
            credentials: Self.credentials(KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature)), now: network.now)
        // Interleaved: both handshakes are in flight on the gateway together.
        network.run(eapActions + certificateActions)
        _ = (eapSPI, certificateSPI)
        #expect(Set(establishedUsers) == ["alice", "laptop1", Self.clientIdentity.dataDescription])
        #expect(establishedUsers.count == 4)
        #expect(network.authenticationSteps.count == 3 && network.certificateRequests.count == 1)
    }

    // MARK: - A slow runtime

    /// The client retransmits while its certificate is being checked: the
    /// gateway drops the copies (RFC 7296 §2.1: it owes one response) and
    /// answers once, when the check is done.
    @Test func retransmissionsWhileTheCheckIsPendingAreAnsweredOnce() throws {
        network.holdsCertificateVerifications = true
        let gateway = try gateway()
        let client = try client()
        let spi = try connect(client, signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        network.advance(by: .seconds(3))
        network.advance(by: .seconds(4))
        let requests = network.sent.filter { $0.local == TestNetwork.client && (try? IKEHeader.peek($0.message[...]).header.exchangeType) == .ikeAuth }
        #expect(requests.count == 3, "sent, and retransmitted twice")
        #expect(network.certificateRequests.count == 1, "one check for three copies of the request")
        #expect(establishedUsers.isEmpty)
        network.answerHeldCertificateVerifications()
        #expect(establishedUsers.count == 2)
        guard case .established? = client.sas[spi]?.state else { throw TestFailure("client not established") }
        #expect(gateway.halfOpenCount == 0)
    }

    /// An answer for an SA that timed out meanwhile changes nothing.
    @Test func anAnswerAfterTheHalfOpenTimeoutIsIgnored() throws {
        network.holdsCertificateVerifications = true
        let gateway = try gateway()
        try connect(try client(), signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        network.advance(by: .seconds(31))
        #expect(gateway.count == 0)
        let events = network.events.count
        network.answerHeldCertificateVerifications()
        #expect(network.events.count == events && network.installed.isEmpty)
    }

    // MARK: - Refusals

    @Test func aCertificateTheRuntimeRefusesFailsAfterTheDelay() throws {
        network.certificateVerifier = { _ in .refused(reason: "certificate revoked") }
        _ = try gateway()
        let client = try client()
        let spi = try connect(client, signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature))
        #expect(failures.isEmpty && client.sas[spi] != nil)
        network.advance(by: .milliseconds(600))
        #expect(failures == ["certificate revoked"])
        #expect(client.sas[spi] == nil)
        #expect(establishedUsers.isEmpty && network.installed.isEmpty)
    }

    /// Signatures a gateway must refuse, each with the reason it fails.
    static let forgeries: [(String, @Sendable () throws -> any AuthenticationSigner)] = [
        ("made with a different key", { KeyAuthenticationSigner(key: try PrivateKey(pemEncoded: OpenSSLTool.generateKey("rsa:2048")),
                                                                method: .rsaSignature) }),
        ("empty", { RawSigner(method: .rsaSignature) { _ in [] } }),
        ("all zero", { RawSigner(method: .rsaSignature) { _ in [UInt8](repeating: 0, count: 256) } }),
        ("one octet short", { RawSigner(method: .rsaSignature) { Array(try clientKey.signature(for: $0, scheme: .rsaPKCS1v15(.sha1)).dropLast()) } }),
        ("with a flipped bit", { RawSigner(method: .rsaSignature) {
            var signature = try clientKey.signature(for: $0, scheme: .rsaPKCS1v15(.sha1))
            signature[100] ^= 0x01
            return signature
        } }),
        ("PKCS#1 block type 2 instead of 1", { RawSigner(method: .rsaSignature) { try forgedPKCS1($0) { $0[1] = 0x02 } } }),
        ("PKCS#1 padding octet not 0xFF", { RawSigner(method: .rsaSignature) { try forgedPKCS1($0) { $0[20] = 0xFE } } }),
        ("PKCS#1 DigestInfo with a wrong hash OID", { RawSigner(method: .rsaSignature) { try forgedPKCS1($0) { $0[$0.count - 26] = 0x01 } } }),
        ("PKCS#1 without the zero separator", { RawSigner(method: .rsaSignature) { try forgedPKCS1($0) { $0[$0.count - 36] = 0xFF } } }),
        ("ECDSA method with an RSA key", { RawSigner(method: .ecdsaSHA256P256) { try clientKey.signature(for: $0, scheme: .rsaPKCS1v15(.sha256)) } }),
        ("method 14 with SHA-1, which was not announced", { KeyAuthenticationSigner(key: clientKey, method: .digitalSignature,
                                                                                   scheme: .rsaPKCS1v15(.sha1)) }),
        ("method 14 with a truncated AlgorithmIdentifier", { RawSigner(method: .digitalSignature) { _ in [40, 0x30, 0x0D] } }),
    ]

    @Test(arguments: forgeries.indices)
    func aSignatureThatDoesNotVerifyIsRefused(index: Int) throws {
        let (name, makeSigner) = Self.forgeries[index]
        _ = try gateway()
        let client = try client()
        let spi = try connect(client, signer: try makeSigner())
        network.advance(by: .milliseconds(600))
        #expect(failures.count == 1, "\(name)")
        #expect(failures.first?.contains("does not verify") == true, "\(name): \(failures)")
        #expect(network.certificateRequests.count == 1, "\(name): the chain was checked first")
        #expect(client.sas[spi] == nil, "\(name)")
        #expect(establishedUsers.isEmpty && network.installed.isEmpty, "\(name)")
    }

    /// Refused before any certificate work: methods that are no signature,
    /// too many CERT payloads, no X.509 certificate at all.
    @Test func hopelessRequestsAreRefusedWithoutCheckingCertificates() throws {
        let cases: [(String, ClientCredentials.Method, String)] = [
            ("shared-key MIC", .certificate(chain: [Self.clientCertificate], signer: RawSigner(method: .sharedKeyMIC) { _ in [1, 2, 3] }),
             "not a signature method"),
            ("five certificates", .certificate(chain: Array(repeating: Self.clientCertificate, count: 5),
                                               signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature)),
             "5 CERT payloads"),
            ("no certificate", .certificate(chain: [], signer: KeyAuthenticationSigner(key: Self.clientKey, method: .rsaSignature)),
             "no X.509 certificate"),
        ]
        for (name, method, reason) in cases {
            let network = TestNetwork()
            var configuration = AuthExchangeTests.gatewayConfiguration
            configuration.clientCertificates = ClientCertificatePolicy(authorityKeyHashes: Self.authorityHashes)
            network.attach(try IKEEngine(configuration: configuration, addresses: nil, now: network.now), at: TestNetwork.gateway)
            let client = try IKEEngine(configuration: EngineConfiguration(), now: network.now)
            network.attach(client, at: TestNetwork.client)
            let credentials = ClientCredentials(identity: Self.clientIdentity, method: method, verifyResponder: AuthExchangeTests.verifyGateway)
            let (_, actions) = try client.initiate(from: TestNetwork.client, to: TestNetwork.gateway, credentials: credentials, now: network.now)
            network.run(actions, from: client)
            let failures = network.events.compactMap { if case .authenticationFailed(_, _, _, let reason) = $0 { reason } else { nil } }
            #expect(failures.count == 1 && failures[0].contains(reason), "\(name): \(failures)")
            #expect(network.certificateRequests.isEmpty, "\(name)")
        }
    }

    /// A PKCS#1 v1.5 SHA-1 signature (RFC 8017 §9.2) over `octets` whose
    /// encoded message `alter` damages before the raw RSA operation, which
    /// the openssl tool performs with the client's key (`pkeyutl -decrypt`
    /// without padding is the bare private-key operation, m^d mod n).
    static func forgedPKCS1(_ octets: [UInt8], alter: (inout [UInt8]) -> Void) throws -> [UInt8] {
        let digestInfo: [UInt8] = [0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x05, 0x00, 0x04, 0x14]
        let hash = try Digest.sha1(octets)
        var encoded: [UInt8] = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: 256 - 3 - digestInfo.count - hash.count) + [0x00]
            + digestInfo + hash
        alter(&encoded)
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-client-key-\(UUID().uuidString).pem")
        try GatewayFixture.privateKeyPEM.write(to: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        return try OpenSSLTool.run(["pkeyutl", "-decrypt", "-inkey", keyFile.path, "-pkeyopt", "rsa_padding_mode:none"], input: encoded)
    }
}

/// Sends whatever `sign` makes of the signed octets as AUTH data.
struct RawSigner: AuthenticationSigner {
    let method: AuthenticationMethod
    let sign: @Sendable ([UInt8]) throws -> [UInt8]

    func authentication(for signedOctets: [UInt8]) throws -> AuthenticationPayload {
        AuthenticationPayload(method: method, data: ArraySlice(try sign(signedOctets)))
    }
}
