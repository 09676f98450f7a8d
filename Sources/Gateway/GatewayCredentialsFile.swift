import Foundation
import IKECrypto
import IKEEngine
import IKEWire
import PKI
import X509

/// The `gateway` section's files: the certificate chain and key the gateway
/// proves itself with, created for the quick start when asked to, and
/// checked against what clients require.
struct GatewayCredentialsFile {
    var identity: String
    var certificatePath: String
    var privateKeyPath: String
    /// `create-if-missing`: issue a CA and certificate when both files are absent.
    var quickStart: QuickStartCertificates?
    /// `ca-certificate`: the CA that issued the chain, if the admin names it;
    /// its CERTREQ hash tells whether a client asks for it.
    var authorityPath: String?

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// What loading produced: the credentials (nil only when the files are
    /// still to be created by `run`), and lines for the admin.
    struct Loaded {
        var credentials: GatewayCredentials?
        var notices: [String] = []
        var warnings: [String] = []
    }

    /// Loads the files, first creating them when `create` is set and the
    /// quick start is configured.
    func load(create: Bool) throws -> Loaded {
        var loaded = Loaded()
        if let quickStart, quickStart.isMissing {
            guard create else {
                loaded.notices.append("\(certificatePath) and \(privateKeyPath) do not exist yet; `gatehouse run` creates them "
                                      + "(create-if-missing), with the CA at \(quickStart.authorityCertificatePath)")
                return loaded
            }
            do {
                switch try quickStart.createIfMissing() {
                case .present: break
                case .created(let newAuthority):
                    loaded.notices.append("created the gateway certificate \(certificatePath) for \(identity) and its key \(privateKeyPath), "
                                          + (newAuthority ? "issued by a new CA " : "issued by the existing CA ")
                                          + "\(quickStart.authorityCertificatePath); clients must trust that CA "
                                          + "(Windows: Local Computer, Trusted Root Certification Authorities)")
                }
            } catch {
                throw LoadError(description: "cannot create the quick-start certificates: \(error)")
            }
        }
        guard let chainText = try? String(contentsOfFile: certificatePath, encoding: .utf8) else {
            throw LoadError(description: "cannot read the certificate file \(certificatePath)")
        }
        guard let chain = PEMBlock.all(label: "CERTIFICATE", in: chainText), !chain.isEmpty else {
            throw LoadError(description: "\(certificatePath) holds no PEM certificate")
        }
        guard let keyText = try? String(contentsOfFile: privateKeyPath, encoding: .utf8) else {
            throw LoadError(description: "cannot read the private key file \(privateKeyPath)")
        }
        let key: PrivateKey
        do {
            key = try PrivateKey(pemEncoded: keyText)
        } catch {
            throw LoadError(description: "\(privateKeyPath): \(error)")
        }
        let findings = GatewayCertificateCheck.findings(chain: chain, privateKeyPEM: keyText, identity: identity)
        if let error = findings.first(where: { $0.severity == .error }) {
            throw LoadError(description: "\(certificatePath): \(error.message)")
        }
        loaded.warnings = findings.map { "\(certificatePath): \($0.message)" }
        var credentials = GatewayCredentials(identity: Self.identification(identity), certificateChain: chain, privateKey: key)
        if let authorityPath, let text = try? String(contentsOfFile: authorityPath, encoding: .utf8) {
            credentials.authorityKeyHashes = (PEMBlock.all(label: "CERTIFICATE", in: text) ?? [])
                .compactMap { try? AuthorityKeyHash.of(Certificate(derEncoded: $0)) }
        }
        loaded.credentials = credentials
        return loaded
    }

    /// IDr: an address identity as ID_IPV4_ADDR/ID_IPV6_ADDR, any other
    /// name as ID_FQDN (RFC 7296 §3.5).
    static func identification(_ identity: String) -> IdentificationPayload {
        if let address = IPv4Address(identity) { return .ipv4(address) }
        if let address = IPv6Address(identity) { return .ipv6(address) }
        return .fqdn(identity)
    }
}
