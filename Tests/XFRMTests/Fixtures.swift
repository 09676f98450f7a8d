import IKECrypto
import IKEWire
import XFRM

/// States and policies shared by the tests, with the iproute2 command line
/// that describes the same thing.
enum Fixtures {
    static func address(_ text: String) -> IPAddress {
        guard let address = IPAddress(text) else { preconditionFailure("bad fixture address \(text)") }
        return address
    }

    static func prefix(_ text: String) throws(XFRMError) -> XFRMPrefix {
        let parts = text.split(separator: "/")
        return try XFRMPrefix(address(String(parts[0])), length: Int(parts[1]) ?? -1)
    }

    /// A key of `count` octets with a recognisable pattern (0x11, 0x12, ...
    /// plus `seed`), and its hex for iproute2.
    static func key(_ count: Int, seed: UInt8) -> (secret: SecretBytes, hex: String) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: 0x11 + $0) &+ seed }
        return (SecretBytes(bytes), "0x" + bytes.map { String(format2: $0) }.joined())
    }

    struct StateCase {
        let name: String
        let state: XFRMState
        /// `ip xfrm state add` arguments after `add`.
        let ip: [String]
        /// iproute2 sends XFRMA_REPLAY_ESN_VAL without its bitmap; see IPRoute2Tests.
        var iproute2OmitsBitmap: Bool { state.extendedSequenceNumbers || state.replayWindow > 32 }
    }

    static func stateCases() throws -> [StateCase] {
        let aes128 = key(16, seed: 0), sha1 = key(20, seed: 1), des3 = key(24, seed: 2), gcm256 = key(36, seed: 3)
        let aes256 = key(32, seed: 4), sha256 = key(32, seed: 5), aes192 = key(24, seed: 6), sha384 = key(48, seed: 7)
        let sha512 = key(64, seed: 8)
        let v4 = ["src", "192.0.2.1", "dst", "192.0.2.2", "proto", "esp"]
        let v6 = ["src", "2001:db8::1", "dst", "2001:db8::2", "proto", "esp"]
        return [
            StateCase(
                name: "AES-CBC-128 + HMAC-SHA1-96, UDP encapsulation 4500/4500",
                state: try XFRMState(source: address("192.0.2.1"), destination: address("192.0.2.2"), spi: 0xC0FF_EE01, reqid: 1,
                                     cipher: .encryptionAndAuthentication(try .aesCBC(key: aes128.secret), try .hmacSHA1_96(key: sha1.secret)),
                                     encapsulation: XFRMEncapsulation(sourcePort: 4500, destinationPort: 4500), replayWindow: 32),
                ip: v4 + ["spi", "0xc0ffee01", "reqid", "1", "mode", "tunnel", "replay-window", "32",
                          "enc", "cbc(aes)", aes128.hex, "auth-trunc", "hmac(sha1)", sha1.hex, "96",
                          "encap", "espinudp", "4500", "4500", "0.0.0.0"]),
            StateCase(
                name: "3DES-CBC + HMAC-SHA1-96",
                state: try XFRMState(source: address("192.0.2.1"), destination: address("192.0.2.2"), spi: 0xC0FF_EE02, reqid: 2,
                                     cipher: .encryptionAndAuthentication(try .tripleDESCBC(key: des3.secret), try .hmacSHA1_96(key: sha1.secret))),
                ip: v4 + ["spi", "0xc0ffee02", "reqid", "2", "mode", "tunnel", "replay-window", "32",
                          "enc", "cbc(des3_ede)", des3.hex, "auth-trunc", "hmac(sha1)", sha1.hex, "96"]),
            StateCase(
                name: "AES-GCM-16 (rfc4106, 256-bit key and salt)",
                state: try XFRMState(source: address("192.0.2.1"), destination: address("192.0.2.2"), spi: 0xC0FF_EE03, reqid: 3,
                                     cipher: .aead(try .aesGCM16(keyAndSalt: gcm256.secret))),
                ip: v4 + ["spi", "0xc0ffee03", "reqid", "3", "mode", "tunnel", "replay-window", "32",
                          "aead", "rfc4106(gcm(aes))", gcm256.hex, "128"]),
            StateCase(
                name: "AES-CBC-256 + HMAC-SHA256-128, ESN, window 1024, selector, lifetimes",
                state: try XFRMState(source: address("192.0.2.1"), destination: address("192.0.2.2"), spi: 0xC0FF_EE04, reqid: 4,
                                     cipher: .encryptionAndAuthentication(try .aesCBC(key: aes256.secret), try .hmacSHA256_128(key: sha256.secret)),
                                     replayWindow: 1024, extendedSequenceNumbers: true,
                                     lifetime: XFRMLifetime(softByteLimit: 900_000_000, hardByteLimit: 1_000_000_000,
                                                            softPacketLimit: 9_000_000, hardPacketLimit: 10_000_000,
                                                            softAddExpiresSeconds: 3240, hardAddExpiresSeconds: 3600),
                                     selector: try XFRMSelector(source: prefix("198.18.0.0/15"), destination: prefix("203.0.113.0/24"))),
                ip: v4 + ["spi", "0xc0ffee04", "reqid", "4", "mode", "tunnel", "replay-window", "1024", "flag", "esn",
                          "enc", "cbc(aes)", aes256.hex, "auth-trunc", "hmac(sha256)", sha256.hex, "128",
                          "sel", "src", "198.18.0.0/15", "dst", "203.0.113.0/24",
                          "limit", "byte-soft", "900000000", "limit", "byte-hard", "1000000000",
                          "limit", "packet-soft", "9000000", "limit", "packet-hard", "10000000",
                          "limit", "time-soft", "3240", "limit", "time-hard", "3600"]),
            StateCase(
                name: "IPv6 endpoints, AES-CBC-192 + HMAC-SHA384-192, window 64 without ESN, IPv6 selector",
                state: try XFRMState(source: address("2001:db8::1"), destination: address("2001:db8::2"), spi: 0xC0FF_EE05, reqid: 5,
                                     cipher: .encryptionAndAuthentication(try .aesCBC(key: aes192.secret), try .hmacSHA384_192(key: sha384.secret)),
                                     replayWindow: 64,
                                     selector: try XFRMSelector(source: prefix("2001:db8:1::/48"), destination: prefix("2001:db8:2::/64"))),
                ip: v6 + ["spi", "0xc0ffee05", "reqid", "5", "mode", "tunnel", "replay-window", "64",
                          "enc", "cbc(aes)", aes192.hex, "auth-trunc", "hmac(sha384)", sha384.hex, "192",
                          "sel", "src", "2001:db8:1::/48", "dst", "2001:db8:2::/64"]),
            StateCase(
                name: "IPv6 endpoints, AES-CBC-256 + HMAC-SHA512-256, no replay window, UDP encapsulation 4500/31000",
                state: try XFRMState(source: address("2001:db8::2"), destination: address("2001:db8::1"), spi: 0xC0FF_EE06, reqid: 6,
                                     cipher: .encryptionAndAuthentication(try .aesCBC(key: aes256.secret), try .hmacSHA512_256(key: sha512.secret)),
                                     encapsulation: XFRMEncapsulation(sourcePort: 4500, destinationPort: 31000), replayWindow: 0),
                ip: ["src", "2001:db8::2", "dst", "2001:db8::1", "proto", "esp", "spi", "0xc0ffee06", "reqid", "6", "mode", "tunnel",
                     "enc", "cbc(aes)", aes256.hex, "auth-trunc", "hmac(sha512)", sha512.hex, "256",
                     "encap", "espinudp", "4500", "31000", "::"]),
        ]
    }

    struct PolicyCase {
        let policy: XFRMPolicy
        /// `ip xfrm policy add` arguments after `add`.
        let ip: [String]
        /// `ip xfrm policy delete` arguments after `delete`.
        let ipDelete: [String]
        /// What `ip xfrm policy` lists for it, line by line (whitespace trimmed).
        let listed: [String]
    }

    static func policyCases() throws -> [PolicyCase] {
        func make(_ source: String, _ destination: String, proto: (number: UInt8, name: String)? = nil,
                  sport: UInt16? = nil, dport: UInt16? = nil, _ direction: XFRMPolicyDirection, priority: UInt32,
                  tunnel: (String, String), reqid: UInt32) throws -> PolicyCase {
            let selector = try XFRMSelector(source: prefix(source), destination: prefix(destination), ipProtocol: proto?.number ?? 0,
                                            sourcePort: sport, destinationPort: dport)
            let template = try XFRMTemplate(source: address(tunnel.0), destination: address(tunnel.1), reqid: reqid)
            var match = ["src", source, "dst", destination]
            if let proto { match += ["proto", proto.name] }
            if let sport { match += ["sport", String(sport)] }
            if let dport { match += ["dport", String(dport)] }
            let dir = ["dir", direction.description]
            return PolicyCase(
                policy: XFRMPolicy(selector: selector, direction: direction, priority: priority, template: template),
                ip: match + dir + ["priority", String(priority), "tmpl", "src", tunnel.0, "dst", tunnel.1,
                                         "proto", "esp", "reqid", String(reqid), "mode", "tunnel"],
                ipDelete: match + dir,
                listed: [match.joined(separator: " "),
                         "dir \(direction) priority \(priority) ptype main",
                         "tmpl src \(tunnel.0) dst \(tunnel.1)",
                         "proto esp reqid \(reqid) mode tunnel"])
        }
        return [
            try make("203.0.113.0/24", "198.18.0.7/32", .outbound, priority: 1000, tunnel: ("192.0.2.1", "192.0.2.2"), reqid: 1),
            try make("198.18.0.7/32", "203.0.113.0/24", .inbound, priority: 1000, tunnel: ("192.0.2.2", "192.0.2.1"), reqid: 1),
            try make("198.18.0.0/15", "203.0.113.0/24", proto: (6, "tcp"), sport: 1234, dport: 443, .forward, priority: 2000,
                     tunnel: ("192.0.2.2", "192.0.2.1"), reqid: 1),
            try make("2001:db8:2::/64", "2001:db8:1::7/128", .outbound, priority: 1000, tunnel: ("2001:db8::1", "2001:db8::2"), reqid: 2),
            try make("2001:db8:1::7/128", "2001:db8:2::/64", .inbound, priority: 1000, tunnel: ("2001:db8::2", "2001:db8::1"), reqid: 2),
            try make("2001:db8:1::/48", "2001:db8:2::/64", proto: (17, "udp"), dport: 53, .forward, priority: 2500,
                     tunnel: ("2001:db8::2", "2001:db8::1"), reqid: 2),
        ]
    }
}

extension String {
    /// Two lower-case hex digits.
    init(format2 byte: UInt8) {
        let digits = Array("0123456789abcdef")
        self = String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
