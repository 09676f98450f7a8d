import ConfigFile
import Foundation
import IKEEngine
import PKI
import SwiftASN1
import X509

/// The `authentication.certificates` section: which clients may
/// authenticate with a certificate (case A, machine certificates).
///
///     authentication:
///       certificates:
///         authorities: [certs/ca.pem]      # PEM files; the CAs client certificates chain to
///         intermediates: []                # issuing CAs clients may not send
///         crls: [certs/crl.pem]            # PEM or DER; reread on reload
///         require-client-auth: true        # EKU clientAuth on the client certificate
///         minimum-rsa-bits: 2048
///         rules:                           # first match decides; none: every valid certificate
///           - subject: "CN=*.corp.example.com"
///             san: "*.corp.example.com"
///             action: allow                # or deny
///             pool: machines               # a pool.named entry; default: the main pool
enum ClientCertificateSettings {
    /// Reads the section into a verifier; errors are recorded on the
    /// values, warnings (such as an expired CRL) returned. Rules may name
    /// only the pools in `pools`.
    static func parse(_ section: ConfigValue, pools: Set<String>, resolve: (String) -> String,
                      now: Date = Date()) -> (ClientCertificateVerifier?, [String]) {
        section.allowKeys(["authorities", "intermediates", "crls", "require-client-auth", "minimum-rsa-bits", "rules"])
        var warnings: [String] = []
        let authorities = certificates(in: section.required("authorities"), resolve: resolve)
        let intermediates = certificates(in: section["intermediates"], resolve: resolve)
        var lists: [CertificateRevocationList] = []
        for value in section["crls"]?.list ?? [] {
            guard let path = value.string.map(resolve) else { continue }
            do {
                let list = try readRevocationList(path)
                if let next = list.nextUpdate, next < now {
                    warnings.append("the CRL \(path) of \(list.issuer) was due for renewal at \(next); it is still used "
                                    + "(`gatehouse pki crl` issues a new one)")
                }
                lists.append(list)
            } catch {
                value.fail("cannot read the CRL \(path): \(error)")
            }
        }
        var settings = ClientCertificateVerifier.Settings(authorities: authorities)
        settings.intermediates = intermediates
        settings.revocationLists = lists
        settings.requireClientAuthentication = section["require-client-auth"]?.boolean ?? true
        // swift-certificates reads no RSA key under 2048 bits.
        settings.minimumRSABits = section["minimum-rsa-bits"]?.integer(in: 2048...16_384) ?? 2048
        settings.rules = (section["rules"]?.list ?? []).compactMap { rule($0, pools: pools) }
        guard !authorities.isEmpty else {
            if section["authorities"] != nil { section.fail("authorities holds no certificate") }
            return (nil, warnings)
        }
        do {
            return (try ClientCertificateVerifier(settings: settings), warnings)
        } catch {
            (section["crls"] ?? section).fail("\(error)")
            return (nil, warnings)
        }
    }

    private static func rule(_ value: ConfigValue, pools: Set<String>) -> ClientRule? {
        value.allowKeys(["subject", "san", "action", "pool"])
        let admit = value["action"]?.parsed("allow or deny", { ["allow": true, "deny": false][$0] }) ?? true
        let pool = value["pool"]?.parsed("the name of a pool under pool.named (\(pools.sorted().joined(separator: ", ")))",
                                         { pools.contains($0) ? $0 : nil })
        let rule = ClientRule(subject: value["subject"]?.string, alternativeName: value["san"]?.string, admit: admit, pool: pool)
        if rule.subject == nil && rule.alternativeName == nil && value["action"] == nil {
            value.fail("a rule needs subject, san or action")
            return nil
        }
        return rule
    }

    /// Every certificate in the PEM files listed at `value`.
    private static func certificates(in value: ConfigValue?, resolve: (String) -> String) -> [Certificate] {
        var certificates: [Certificate] = []
        for item in value?.list ?? [] {
            guard let path = item.string.map(resolve) else { continue }
            do {
                let documents = try PEMDocument.parseMultiple(pemString: String(contentsOfFile: path, encoding: .utf8))
                    .filter { $0.discriminator == "CERTIFICATE" }
                if documents.isEmpty { item.fail("\(path) holds no PEM certificate") }
                certificates += try documents.map(Certificate.init(pemDocument:))
            } catch {
                item.fail("cannot read certificates from \(path): \(error)")
            }
        }
        return certificates
    }

    private static func readRevocationList(_ path: String) throws -> CertificateRevocationList {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        if let text = String(data: data, encoding: .utf8), text.contains("-----BEGIN X509 CRL-----") {
            return try CertificateRevocationList(pemEncoded: text)
        }
        return try CertificateRevocationList(derEncoded: Array(data))
    }
}
