import Foundation
import SwiftASN1
import X509

/// What `gatehouse pki` manages: a CA in a folder (`ca.pem`, and `ca.key`
/// readable by its owner only), the certificates it issues next to it,
/// `issued.txt` (what was issued), `revoked.txt` (what was revoked) and
/// the CRL made from it (`crl.pem`, `crl.der`, numbered by `crl-number.txt`).
/// Nothing is ever overwritten but the CRL and its number; nothing private
/// is returned for printing.
public struct PKIWorkspace: Sendable {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public var authorityCertificatePath: String { path("ca.pem") }
    public var authorityKeyPath: String { path("ca.key") }
    public var issuedPath: String { path("issued.txt") }
    public var revokedPath: String { path("revoked.txt") }
    public var revocationListPath: String { path("crl.pem") }
    public var revocationListDERPath: String { path("crl.der") }
    var revocationListNumberPath: String { path("crl-number.txt") }

    public func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    /// Creates the CA (`init`).
    public func initialize(commonName: String, keySize: CertificateAuthority.KeySize = .bits3072, now: Date = Date()) throws {
        try refuseExisting([authorityCertificatePath, authorityKeyPath], because: "a CA is never replaced (its clients trust it)")
        let authority = try CertificateAuthority.create(commonName: commonName, keySize: keySize, now: now)
        try PKIFiles.write(authority.root.privateKeyPEM(), to: authorityKeyPath, secret: true)
        try PKIFiles.write(authority.root.certificatePEM(), to: authorityCertificatePath, secret: false)
    }

    /// Issues a gateway certificate for `names` (`server`) as `<base>.pem`
    /// and `<base>.key`; returns both paths and the certificate.
    public func issueServer(names: [String], base: String = "gateway", keySize: CertificateAuthority.KeySize = .bits2048,
                            now: Date = Date()) throws -> (certificate: String, key: String, issued: Certificate) {
        let certificatePath = path("\(base).pem"), keyPath = path("\(base).key")
        try refuseExisting([certificatePath, keyPath], because: "not replacing it (choose another --out name)")
        let issued = try loadAuthority().issueGatewayCertificate(names: names, keySize: keySize, now: now)
        try PKIFiles.write(issued.privateKeyPEM(), to: keyPath, secret: true)
        try PKIFiles.write(issued.certificatePEM(), to: certificatePath, secret: false)
        try record(issued.certificate, name: names[0], base: base)
        return (certificatePath, keyPath, issued.certificate)
    }

    /// Where the password of a client's PKCS#12 file comes from: never the
    /// command line, where other users see it in the process list.
    public enum PKCS12Password: Sendable {
        /// The first line of this file.
        case file(String)
        /// This environment variable.
        case environment(String)
        /// A new random one, written to `<base>.p12.password` (0600).
        case generated
    }

    /// The files `client` writes.
    public struct ClientFiles: Sendable {
        public let certificate: String
        public let key: String
        public let pkcs12: String
        /// Where the generated password is, when none was given.
        public let passwordFile: String?
        public let issued: Certificate
    }

    /// Issues a client certificate for `name` (`client`): `<base>.pem`,
    /// `<base>.key` (0600) and `<base>.p12` (0600, key, certificate and CA
    /// certificate), `base` defaulting to the name.
    public func issueClient(name: String, email: String? = nil, base: String? = nil, keySize: CertificateAuthority.KeySize = .bits2048,
                            validity: TimeInterval = 2 * 365 * 86_400, password source: PKCS12Password = .generated,
                            encryption: PKCS12Bundle.Encryption = .aes256, now: Date = Date()) throws -> ClientFiles {
        let base = base ?? Self.fileBase(for: name)
        let certificatePath = path("\(base).pem"), keyPath = path("\(base).key"), pkcs12Path = path("\(base).p12")
        let passwordPath: String? = if case .generated = source { pkcs12Path + ".password" } else { nil }
        try refuseExisting([certificatePath, keyPath, pkcs12Path] + [passwordPath].compactMap { $0 },
                           because: "not replacing it (choose another --out name)")
        let password = try Self.password(from: source)
        let authority = try loadAuthority()
        let issued = try authority.issueClientCertificate(name: name, email: email, keySize: keySize, validity: validity, now: now)
        let pkcs12 = try PKCS12Bundle.make(issued, authority: authority.root.certificate, name: name, password: password,
                                           encryption: encryption)
        try PKIFiles.write(issued.privateKeyPEM(), to: keyPath, secret: true)
        try PKIFiles.write(issued.certificatePEM(), to: certificatePath, secret: false)
        try PKIFiles.write(pkcs12, to: pkcs12Path, secret: true)
        if let passwordPath { try PKIFiles.write(password + "\n", to: passwordPath, secret: true) }
        try record(issued.certificate, name: name, base: base)
        return ClientFiles(certificate: certificatePath, key: keyPath, pkcs12: pkcs12Path, passwordFile: passwordPath,
                           issued: issued.certificate)
    }

    /// Which certificate `revoke` revokes.
    public enum RevocationTarget: Sendable {
        /// The one certificate issued for this name (`issued.txt`) that is
        /// not revoked yet.
        case name(String)
        /// A serial number in hex, with or without colons (as openssl prints it).
        case serialNumber(String)
        /// A certificate file (PEM) issued by this CA.
        case certificateFile(String)
    }

    /// Records a revocation in `revoked.txt` (`revoke`); the CRL changes
    /// with ``writeRevocationList(validity:now:)``. Returns the entry and,
    /// when `issued.txt` knows the serial, what was issued under it.
    public func revoke(_ target: RevocationTarget, reason: RevocationReason?,
                       now: Date = Date()) throws -> (entry: RevokedCertificate, issued: IssuedRecord?) {
        let authority = try loadAuthority()
        let issued = try PKIFiles.rows(in: issuedPath).map { try IssuedRecord(row: $0, path: issuedPath) }
        let revoked = Set(try revocations().map(\.serialNumber))
        let serial: Certificate.SerialNumber
        switch target {
        case .name(let name):
            let named = issued.filter { $0.name.lowercased() == name.lowercased() }
            let candidates = named.filter { !revoked.contains($0.serialNumber) }
            switch (named.isEmpty, candidates.count) {
            case (true, _): throw PKIFiles.Failure(description: "\(issuedPath) lists no certificate issued for \(name)")
            case (false, 0): throw PKIFiles.Failure(description: "every certificate issued for \(name) is revoked already")
            case (false, 1): serial = candidates[0].serialNumber
            default:
                throw PKIFiles.Failure(description: "several unrevoked certificates were issued for \(name) (serials "
                    + "\(candidates.map(\.serialNumber.hex).joined(separator: ", "))); choose one with --serial")
            }
        case .serialNumber(let text):
            guard let number = Certificate.SerialNumber(hex: text) else {
                throw PKIFiles.Failure(description: "\(text) is not a serial number in hexadecimal")
            }
            serial = number
        case .certificateFile(let file):
            let certificate = try Certificate(pemEncoded: PKIFiles.read(file))
            guard certificate.issuer == authority.root.certificate.subject,
                  authority.root.certificate.publicKey.isValidSignature(certificate.signature, for: certificate) else {
                throw PKIFiles.Failure(description: "\(file) was not issued by the CA in \(folder)")
            }
            serial = certificate.serialNumber
        }
        guard !revoked.contains(serial) else { throw PKIFiles.Failure(description: "the certificate with serial \(serial.hex) is already revoked") }
        let entry = RevokedCertificate(serialNumber: serial, revocationDate: Self.wholeSeconds(now), reason: reason == .unspecified ? nil : reason)
        try PKIFiles.append(row: entry.row, header: RevokedCertificate.header, to: revokedPath)
        return (entry, issued.last { $0.serialNumber == serial })
    }

    /// Every revocation recorded in `revoked.txt`.
    public func revocations() throws -> [RevokedCertificate] {
        try PKIFiles.rows(in: revokedPath).map { try RevokedCertificate(row: $0, path: revokedPath) }
    }

    /// Writes the CRL of every revocation (`crl`, and `revoke` after
    /// recording one) as `crl.pem` and `crl.der`, replacing the previous
    /// CRL, valid for `validity` from `now`. The CRL number is counted up
    /// in `crl-number.txt` before the CRL is written, so that a number is
    /// never used twice (RFC 5280 §5.2.3 requires it to increase).
    public func writeRevocationList(validity: TimeInterval = 30 * 86_400,
                                    now: Date = Date()) throws -> (pem: String, der: String, number: UInt64, list: CertificateRevocationList) {
        let authority = try loadAuthority()
        let revoked = try revocations()
        var number: UInt64 = 1
        if FileManager.default.fileExists(atPath: revocationListNumberPath) {
            let text = try PKIFiles.read(revocationListNumberPath).trimmingCharacters(in: .whitespacesAndNewlines)
            guard let last = UInt64(text), last < UInt64.max else {
                throw PKIFiles.Failure(description: "\(revocationListNumberPath) does not hold a CRL number: \(text)")
            }
            number = last + 1
        }
        try PKIFiles.replace(Array("\(number)\n".utf8), at: revocationListNumberPath)
        let thisUpdate = Self.wholeSeconds(now)
        let der = try authority.revocationList(revoked: revoked, number: number, thisUpdate: thisUpdate,
                                               nextUpdate: thisUpdate + validity)
        try PKIFiles.replace(der, at: revocationListDERPath)
        try PKIFiles.replace(Array((PEMDocument(type: "X509 CRL", derBytes: der).pemString + "\n").utf8), at: revocationListPath)
        return (revocationListPath, revocationListDERPath, number, try CertificateRevocationList(derEncoded: der))
    }

    private func loadAuthority() throws -> CertificateAuthority {
        try PKIFiles.loadAuthority(certificatePath: authorityCertificatePath, keyPath: authorityKeyPath)
    }

    private func refuseExisting(_ paths: [String], because reason: String) throws {
        for existing in paths where FileManager.default.fileExists(atPath: existing) {
            throw PKIFiles.Failure(description: "\(existing) exists; \(reason)")
        }
    }

    private func record(_ certificate: Certificate, name: String, base: String) throws {
        let record = IssuedRecord(serialNumber: certificate.serialNumber, name: name, notValidAfter: certificate.notValidAfter, base: base)
        try PKIFiles.append(row: record.row, header: IssuedRecord.header, to: issuedPath)
    }

    /// Dates as a CRL and the records say them (RFC 5280 §5.1.2.4).
    static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// A file name from a certificate name: letters, digits and `.@_-`
    /// stay, anything else (a slash above all) becomes `_`.
    static func fileBase(for name: String) -> String {
        let base = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || ".@_-".contains($0)) ? $0 : "_" })
        return base.hasPrefix(".") ? "_" + base.dropFirst() : base
    }

    static func password(from source: PKCS12Password) throws -> String {
        switch source {
        case .generated:
            return PKCS12Bundle.generatePassword()
        case .file(let file):
            // Swift reads "\r\n" as one character, a newline like "\n".
            let password = String(try PKIFiles.read(file).split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline)[0])
            guard !password.isEmpty else { throw PKIFiles.Failure(description: "the first line of \(file) is empty; it must hold the PKCS#12 password") }
            return password
        case .environment(let variable):
            guard let password = ProcessInfo.processInfo.environment[variable], !password.isEmpty else {
                throw PKIFiles.Failure(description: "the environment variable \(variable) is not set or empty; it must hold the PKCS#12 password")
            }
            return password
        }
    }
}
