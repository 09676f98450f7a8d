import _CryptoExtras
import Crypto
import Foundation
import PKI
import SwiftASN1
import Testing
import X509

/// Case A's certificate checks: each way a client certificate must be
/// refused, and the identity bindings and rules that admit one.
@Suite struct ClientCertificateVerifierTests {
    static let now = Date()
    static let authority = try! CertificateAuthority.create(commonName: "Corp Machines CA", keySize: .bits2048, now: now)
    static let otherAuthority = try! CertificateAuthority.create(commonName: "Corp Machines CA", keySize: .bits2048, now: now)
    static let clientKey = Certificate.PrivateKey(try! _RSA.Signing.PrivateKey(keySize: .bits2048))

    /// What a client certificate gets unless a test says otherwise.
    struct Profile {
        var subject = "laptop1.corp.example.com"
        var names: [GeneralName] = [.dnsName("laptop1.corp.example.com"), .rfc822Name("alice@example.com"), .ipAddress(ASN1OctetString(contentBytes: [198, 51, 100, 7]))]
        var usages: [ExtendedKeyUsage.Usage]? = [.clientAuth]
        var keyUsage = KeyUsage(digitalSignature: true, keyEncipherment: true)
        var notValidBefore = now - 3600
        var notValidAfter = now + 86_400
        var key = clientKey
        var serial = Certificate.SerialNumber()
    }

    /// A client certificate issued by `issuer` (the test CA by default).
    static func issue(_ profile: Profile = Profile(), by issuer: IssuedCertificate = authority.root) throws -> Certificate {
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(profile.keyUsage)
            if let usages = profile.usages { try ExtendedKeyUsage(usages) }
            SubjectAlternativeNames(profile.names)
        }
        return try Certificate(
            version: .v3, serialNumber: profile.serial, publicKey: profile.key.publicKey,
            notValidBefore: profile.notValidBefore, notValidAfter: profile.notValidAfter,
            issuer: issuer.certificate.subject,
            subject: profile.subject.isEmpty ? DistinguishedName() : try DistinguishedName { CommonName(profile.subject) },
            signatureAlgorithm: .sha256WithRSAEncryption, extensions: extensions, issuerPrivateKey: issuer.privateKey)
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    static func subjectIdentity(_ certificate: Certificate) throws -> ClaimedIdentity {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate.subject)
        return .distinguishedName(serializer.serializedBytes)
    }

    func verify(_ certificates: [Certificate], identity: ClaimedIdentity? = nil,
                _ configure: (inout ClientCertificateVerifier.Settings) -> Void = { _ in }) async throws -> Result<ClientCertificateVerifier.Admitted, ClientCertificateVerifier.Refusal> {
        var settings = ClientCertificateVerifier.Settings(authorities: [Self.authority.root.certificate])
        configure(&settings)
        let verifier = try ClientCertificateVerifier(settings: settings)
        return await verifier.verify(certificates: try certificates.map(Self.der), identity: try identity ?? Self.subjectIdentity(certificates[0]),
                                     now: Self.now)
    }

    func refusal(_ result: Result<ClientCertificateVerifier.Admitted, ClientCertificateVerifier.Refusal>) -> String? {
        if case .failure(let refusal) = result { refusal.description } else { nil }
    }

    // MARK: - Admitted

    @Test func aCertificateFromTheCAIsAdmittedUnderItsSubjectWithItsKey() async throws {
        let certificate = try Self.issue()
        guard case .success(let admitted) = try await verify([certificate]) else { throw Refused() }
        #expect(admitted.name == "CN=laptop1.corp.example.com")
        // The whole SubjectPublicKeyInfo, as openssl writes it.
        let pem = try Self.clientKey.publicKey.serializeAsPEM().pemString
        #expect(admitted.subjectPublicKeyInfo == (try PEMDocument(pemString: pem).derBytes))
        #expect(admitted.subjectPublicKeyInfo.starts(with: [0x30, 0x82, 0x01, 0x22, 0x30, 0x0D, 0x06, 0x09]), "SEQUENCE { AlgorithmIdentifier")
        #expect(admitted.chain.count == 2)
    }

    /// One name per certificate whichever IDi form binds it, so that
    /// uniqueness and leases hold across them.
    @Test(arguments: [ClaimedIdentity.domainName("LAPTOP1.corp.example.com"), .email("alice@example.com"), .address([198, 51, 100, 7])])
    func idiMatchingASubjectAltNameIsAdmittedUnderTheSubject(identity: ClaimedIdentity) async throws {
        guard case .success(let admitted) = try await verify([try Self.issue()], identity: identity) else { throw Refused() }
        #expect(admitted.name == "CN=laptop1.corp.example.com")
    }

    @Test func withoutASubjectTheFirstSubjectAltNameNamesTheClient() async throws {
        var profile = Profile()
        profile.subject = ""
        let certificate = try Self.issue(profile)
        for identity in [ClaimedIdentity.domainName("laptop1.corp.example.com"), try Self.subjectIdentity(certificate)] {
            guard case .success(let admitted) = try await verify([certificate], identity: identity) else { throw Refused() }
            #expect(admitted.name == "laptop1.corp.example.com")
        }
    }

    @Test func ipsecIKEOrAnyExtendedKeyUsageServesForClientAuth() async throws {
        for usages in [[ExtendedKeyUsage.Usage(oid: [1, 3, 6, 1, 5, 5, 7, 3, 17])], [.any]] {
            var profile = Profile()
            profile.usages = usages
            #expect(refusal(try await verify([try Self.issue(profile)])) == nil, "\(usages)")
        }
    }

    @Test func aMalformedAddressSANDoesNotTrap() async throws {
        var profile = Profile()
        profile.names = [.ipAddress(ASN1OctetString(contentBytes: [198, 51, 100])), .dnsName("laptop1.corp.example.com")]
        let reason = refusal(try await verify([try Self.issue(profile)], identity: .address([198, 51, 100, 7])))
        #expect(reason?.contains("0xc63364") == true, "\(reason ?? "admitted")")
    }

    @Test func anIntermediateThatMayNotSignCertificatesBreaksTheChain() async throws {
        let (intermediate, key) = try Self.intermediate(usage: KeyUsage(digitalSignature: true))
        let leaf = try Self.issue(by: IssuedCertificate(certificate: intermediate, privateKey: key))
        #expect(refusal(try await verify([leaf, intermediate]))?.contains("keyCertSign") == true)
    }

    @Test func moreThanThreeIntermediatesAreRefusedAndDuplicatesAreHarmless() async throws {
        let (intermediate, key) = try Self.intermediate()
        let leaf = try Self.issue(by: IssuedCertificate(certificate: intermediate, privateKey: key))
        #expect(refusal(try await verify([leaf, intermediate, intermediate, intermediate])) == nil)
        #expect(refusal(try await verify([leaf, intermediate, intermediate, intermediate, intermediate]))?.contains("5 certificates") == true)
    }

    /// An issuing CA below the test CA, with its key.
    static func intermediate(usage: KeyUsage = KeyUsage(keyCertSign: true, cRLSign: true)) throws -> (Certificate, Certificate.PrivateKey) {
        let key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: .bits2048))
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: key.publicKey, notValidBefore: now - 3600,
            notValidAfter: now + 86_400, issuer: authority.root.certificate.subject, subject: try DistinguishedName { CommonName("Corp Issuing CA") },
            signatureAlgorithm: .sha256WithRSAEncryption,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(usage)
            }, issuerPrivateKey: authority.root.privateKey)
        return (certificate, key)
    }

    @Test func anIntermediateSentByTheClientCompletesTheChain() async throws {
        let (intermediate, intermediateKey) = try Self.intermediate()
        let leaf = try Self.issue(by: IssuedCertificate(certificate: intermediate, privateKey: intermediateKey))
        guard case .success(let admitted) = try await verify([leaf, intermediate]) else { throw Refused() }
        #expect(admitted.chain.count == 3)
        // Without the intermediate there is no chain.
        #expect(refusal(try await verify([leaf]))?.contains("not issued by a trusted CA") == true)
    }

    @Test func withoutTheEKURequirementACertificateWithoutClientAuthIsAdmitted() async throws {
        var profile = Profile()
        profile.usages = nil
        let result = try await verify([try Self.issue(profile)]) { $0.requireClientAuthentication = false }
        #expect(refusal(result) == nil)
    }

    @Test func authorityKeyHashesAreSHA1OfTheCAsSubjectPublicKeyInfoAsOpenSSLComputesIt() throws {
        let verifier = try ClientCertificateVerifier(settings: .init(authorities: [Self.authority.root.certificate]))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gatehouse-akh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let certificate = folder.appendingPathComponent("ca.pem").path, key = folder.appendingPathComponent("ca.spki.pem").path
        let der = folder.appendingPathComponent("ca.spki.der").path
        try Self.authority.root.certificatePEM().write(toFile: certificate, atomically: true, encoding: .utf8)
        // The SubjectPublicKeyInfo in DER, then its SHA-1, by openssl.
        #expect(try runOpenSSL(["x509", "-in", certificate, "-noout", "-pubkey", "-out", key]).status == 0)
        #expect(try runOpenSSL(["pkey", "-pubin", "-in", key, "-outform", "DER", "-out", der]).status == 0)
        let sha1 = try runOpenSSL(["dgst", "-sha1", "-r", der]).output.prefix(40)
        #expect(verifier.authorityKeyHashes.map { $0.map { String(format: "%02x", $0) }.joined() } == [String(sha1)])
    }

    // MARK: - Refused

    @Test func aCertificateFromAnotherCAIsRefused() async throws {
        let result = try await verify([try Self.issue(by: Self.otherAuthority.root)])
        #expect(refusal(result)?.contains("not issued by a trusted CA") == true, "\(String(describing: refusal(result)))")
    }

    @Test func expiredAndNotYetValidCertificatesAreRefused() async throws {
        var expired = Profile()
        expired.notValidBefore = Self.now - 2 * 86_400
        expired.notValidAfter = Self.now - 86_400
        var future = Profile()
        future.notValidBefore = Self.now + 86_400
        future.notValidAfter = Self.now + 2 * 86_400
        for profile in [expired, future] {
            let reason = refusal(try await verify([try Self.issue(profile)]))
            #expect(reason != nil)
            #expect(reason?.contains("laptop1") == true)
        }
    }

    @Test func aRevokedCertificateIsRefusedAndOthersOfTheSameCAAreNot() async throws {
        let revoked = try Self.issue()
        let good = try Self.issue()
        let crl = try CertificateRevocationList(derEncoded: Self.authority.revocationList(
            revoked: [RevokedCertificate(serialNumber: revoked.serialNumber, revocationDate: Self.now - 60, reason: .keyCompromise)],
            number: 1, thisUpdate: Self.now - 60, nextUpdate: Self.now + 86_400))
        let configure: (inout ClientCertificateVerifier.Settings) -> Void = { $0.revocationLists = [crl] }
        #expect(refusal(try await verify([revoked], configure))?.contains("revoked") == true)
        #expect(refusal(try await verify([good], configure)) == nil)
    }

    @Test func aCRLNotSignedByAConfiguredCAIsAnErrorAtStart() throws {
        let crl = try CertificateRevocationList(derEncoded: Self.otherAuthority.revocationList(
            revoked: [], number: 1, thisUpdate: Self.now, nextUpdate: Self.now + 86_400))
        var settings = ClientCertificateVerifier.Settings(authorities: [Self.authority.root.certificate])
        settings.revocationLists = [crl]
        #expect(throws: ClientCertificateVerifier.Refusal.self) { try ClientCertificateVerifier(settings: settings) }
    }

    @Test func aMissingClientAuthEKUIsRefusedWhenRequired() async throws {
        for usages in [nil, [ExtendedKeyUsage.Usage.serverAuth]] as [[ExtendedKeyUsage.Usage]?] {
            var profile = Profile()
            profile.usages = usages
            #expect(refusal(try await verify([try Self.issue(profile)]))?.contains("clientAuth") == true)
        }
    }

    @Test func aKeyUsageWithoutDigitalSignatureIsRefused() async throws {
        var profile = Profile()
        profile.keyUsage = KeyUsage(keyEncipherment: true)
        #expect(refusal(try await verify([try Self.issue(profile)]))?.contains("digital signatures") == true)
    }

    @Test func rsa1024IsRefusedByItsKeySize() async throws {
        var profile = Profile()
        profile.key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)))
        let reason = refusal(try await verify([try Self.issue(profile)]))
        #expect(reason?.contains("RSA-1024 key") == true, "\(reason ?? "admitted")")
    }

    @Test func aRaisedMinimumRefusesRSA2048() async throws {
        let reason = refusal(try await verify([try Self.issue()]) { $0.minimumRSABits = 3072 })
        #expect(reason?.contains("RSA-2048 key") == true, "\(reason ?? "admitted")")
    }

    @Test(arguments: [
        ClaimedIdentity.domainName("laptop2.corp.example.com"),
        .email("bob@example.com"),
        .address([198, 51, 100, 8]),
        .address([0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 12)),
        .unsupported("ID_KEY_ID"),
        .distinguishedName([0x30, 0x00]),
        .distinguishedName([0x30, 0x05, 0x01]),
    ])
    func anIDiThatDoesNotMatchTheCertificateIsRefused(identity: ClaimedIdentity) async throws {
        #expect(refusal(try await verify([try Self.issue()], identity: identity))?.contains("does not match") == true)
    }

    @Test func anotherSubjectDNInIDiIsRefused() async throws {
        var other = Profile()
        other.subject = "laptop2.corp.example.com"
        let identity = try Self.subjectIdentity(try Self.issue(other))
        #expect(refusal(try await verify([try Self.issue()], identity: identity))?.contains("does not match") == true)
    }

    @Test func garbageInACERTPayloadIsRefusedWithItsPosition() async throws {
        let verifier = try ClientCertificateVerifier(settings: .init(authorities: [Self.authority.root.certificate]))
        let result = await verifier.verify(certificates: [try Self.der(try Self.issue()), [0x30, 0x03, 0x02, 0x01]],
                                           identity: .domainName("laptop1.corp.example.com"), now: Self.now)
        #expect(refusal(result)?.contains("CERT payload 2") == true)
    }

    @Test func everyTruncationAndBitFlipOfACertificateIsRefusedWithoutTrapping() async throws {
        var profile = Profile()
        profile.key = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)))
        let verifier = try ClientCertificateVerifier(settings: .init(authorities: [Self.authority.root.certificate]))
        for certificate in [try Self.issue(), try Self.issue(profile)] {
            let der = try Self.der(certificate)
            var variants = (0..<der.count).map { Array(der[..<$0]) }
            variants += stride(from: 0, to: der.count, by: 7).map { index in
                var flipped = der
                flipped[index] ^= 0x80
                return flipped
            }
            for variant in variants {
                let result = await verifier.verify(certificates: [variant], identity: .domainName("laptop1.corp.example.com"), now: Self.now)
                #expect(refusal(result) != nil || variant == der)
            }
        }
    }

    // MARK: - Rules

    @Test func rulesDecideInOrderAndNothingIsAdmittedWithoutAMatch() async throws {
        let certificate = try Self.issue()
        let rules: [([ClientRule], Bool)] = [
            ([ClientRule(subject: "CN=*.corp.example.com")], true),
            ([ClientRule(subject: "CN=*.lab.example.com")], false),
            ([ClientRule(alternativeName: "alice@*")], true),
            ([ClientRule(alternativeName: "198.51.100.*")], true),
            ([ClientRule(subject: "CN=laptop1*", admit: false), ClientRule(subject: "*")], false),
            ([ClientRule(subject: "CN=kiosk*", admit: false), ClientRule(subject: "*")], true),
        ]
        for (list, admitted) in rules {
            let reason = refusal(try await verify([certificate]) { $0.rules = list })
            #expect((reason == nil) == admitted, "\(list.map(\.description)): \(reason ?? "admitted")")
        }
    }

    @Test func theAdmittingRuleNamesThePool() async throws {
        let rules = [ClientRule(subject: "CN=kiosk*", pool: "kiosks"), ClientRule(subject: "CN=laptop*", pool: "machines"), ClientRule()]
        guard case .success(let admitted) = try await verify([try Self.issue()], { $0.rules = rules }) else { throw Refused() }
        #expect(admitted.pool == "machines")
        guard case .success(let unruled) = try await verify([try Self.issue()]) else { throw Refused() }
        #expect(unruled.pool == nil)
    }

    @Test func aStarInTheTextIsMatchedByTheWildcardNotTakenLiterally() async throws {
        var profile = Profile()
        profile.subject = "*.lab.example.com"
        profile.names = [.dnsName("*.lab.example.com")]
        let wildcard = try Self.issue(profile)
        let identity = ClaimedIdentity.domainName("*.lab.example.com")
        for deny in [ClientRule(subject: "CN=*.lab.example.com", admit: false), ClientRule(subject: "CN=*", admit: false),
                     ClientRule(alternativeName: "*.lab.*", admit: false)] {
            let reason = refusal(try await verify([wildcard], identity: identity) { $0.rules = [deny, ClientRule(subject: "*")] })
            #expect(reason?.contains("refused by rule") == true, "\(deny.description): \(reason ?? "admitted")")
        }
    }

    struct Refused: Error {}
}
