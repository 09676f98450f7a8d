import IKECrypto
import IKEEngine
import IKEWire
import XFRM

/// The kernel objects one CHILD_SA becomes under XFRM: an inbound and an
/// outbound ESP state in tunnel mode, and for every pair of our and the
/// peer's selectors an out, in and fwd policy (RFC 4301 §4.4.1: the SPD
/// entries that send traffic into the SA and admit only what it may carry).
/// Pure: built and checked without a kernel.
struct XFRMChildSAPlan: Sendable {
    let inbound: XFRMState
    let outbound: XFRMState
    let policies: [XFRMPolicy]

    /// Policies sit above the kernel's default priority so the tunnel's
    /// wins over any catch-all an admin set, below strongSwan's range.
    static let basePriority: UInt32 = 2_000

    init(_ child: ChildSAParameters, lifetime: ChildSALifetime, replayWindow: Int) throws(DataPlaneError) {
        let reqid = child.inboundSPI
        let local = child.local, remote = child.remote
        do {
            let (inboundCipher, outboundCipher) = try Self.ciphers(child)
            let kernelLifetime = Self.kernelLifetime(lifetime, softTime: lifetime.drawSoftTime())
            let window = UInt32(min(replayWindow, Int(XFRMState.maximumReplayWindow)))
            inbound = try XFRMState(source: remote.address, destination: local.address, spi: child.inboundSPI, reqid: reqid,
                                    cipher: inboundCipher,
                                    encapsulation: child.udpEncapsulation ? XFRMEncapsulation(sourcePort: remote.port, destinationPort: local.port) : nil,
                                    replayWindow: window, extendedSequenceNumbers: child.extendedSequenceNumbers, lifetime: kernelLifetime)
            outbound = try XFRMState(source: local.address, destination: remote.address, spi: child.outboundSPI, reqid: reqid,
                                     cipher: outboundCipher,
                                     encapsulation: child.udpEncapsulation ? XFRMEncapsulation(sourcePort: local.port, destinationPort: remote.port) : nil,
                                     replayWindow: 0, extendedSequenceNumbers: child.extendedSequenceNumbers, lifetime: kernelLifetime)
            let outTemplate = try XFRMTemplate(source: local.address, destination: remote.address, reqid: reqid)
            let inTemplate = try XFRMTemplate(source: remote.address, destination: local.address, reqid: reqid)
            var policies: [XFRMPolicy] = []
            for ours in try child.localSelectors.flatMap(Self.prefixes) {
                for theirs in try child.remoteSelectors.flatMap(Self.prefixes) where ours.family == theirs.family {
                    let priority = Self.basePriority - UInt32(ours.prefix.length) - UInt32(theirs.prefix.length)
                    let outbound = try XFRMSelector(source: ours.prefix, destination: theirs.prefix, ipProtocol: theirs.ipProtocol)
                    let inbound = try XFRMSelector(source: theirs.prefix, destination: ours.prefix, ipProtocol: theirs.ipProtocol)
                    policies.append(XFRMPolicy(selector: outbound, direction: .outbound, priority: priority, template: outTemplate))
                    policies.append(XFRMPolicy(selector: inbound, direction: .inbound, priority: priority, template: inTemplate))
                    policies.append(XFRMPolicy(selector: inbound, direction: .forward, priority: priority, template: inTemplate))
                }
            }
            self.policies = policies
        } catch let error as DataPlaneError {
            throw error
        } catch {
            throw DataPlaneError("CHILD_SA \(Hex.string(child.inboundSPI)) cannot be expressed for the kernel: \(error)")
        }
    }

    /// Whether the states already carry ESP between these endpoints, in UDP
    /// or not as asked. Ports matter only with UDP encapsulation.
    func isOnPath(local: Endpoint, remote: Endpoint, udpEncapsulation: Bool) -> Bool {
        let encapsulation = udpEncapsulation ? XFRMEncapsulation(sourcePort: remote.port, destinationPort: local.port) : nil
        return inbound.source == remote.address && inbound.destination == local.address && inbound.encapsulation == encapsulation
    }

    /// The kernel's algorithm names and keys for both directions.
    static func ciphers(_ child: ChildSAParameters) throws -> (XFRMCipher, XFRMCipher) {
        func cipher(_ encryptionKey: SecretBytes, _ integrityKey: SecretBytes) throws -> XFRMCipher {
            switch child.encryption {
            case .aesGCM(_, let icv):
                guard icv.rawValue == 16 else { throw DataPlaneError("AES-GCM with a \(icv.rawValue)-octet ICV has no kernel mapping here") }
                return .aead(try .aesGCM16(keyAndSalt: encryptionKey))
            case .chaCha20Poly1305:
                return .aead(try XFRMAEAD(name: "rfc7539esp(chacha20,poly1305)", key: encryptionKey, icvBits: 128))
            case .aesCBC, .tripleDESCBC:
                let encryption = child.encryption == .tripleDESCBC ? try XFRMEncryption.tripleDESCBC(key: encryptionKey)
                    : try XFRMEncryption.aesCBC(key: encryptionKey)
                let authentication: XFRMAuthentication
                switch child.integrity {
                case .hmacSHA1_96: authentication = try .hmacSHA1_96(key: integrityKey)
                case .hmacSHA256_128: authentication = try .hmacSHA256_128(key: integrityKey)
                case .hmacSHA384_192: authentication = try .hmacSHA384_192(key: integrityKey)
                case .hmacSHA512_256: authentication = try .hmacSHA512_256(key: integrityKey)
                case nil: throw DataPlaneError("\(child.encryption) without integrity")
                }
                return .encryptionAndAuthentication(encryption, authentication)
            }
        }
        return (try cipher(child.inboundEncryptionKey, child.inboundIntegrityKey),
                try cipher(child.outboundEncryptionKey, child.outboundIntegrityKey))
    }

    /// The kernel's limits for one SA, with the soft time it drew (jittered,
    /// `ChildSALifetime.drawSoftTime`) for both its states.
    static func kernelLifetime(_ lifetime: ChildSALifetime, softTime: Duration?) -> XFRMLifetime {
        func seconds(_ duration: Duration?) -> UInt64 { duration.map { UInt64(max(1, $0.components.seconds)) } ?? 0 }
        return XFRMLifetime(softByteLimit: lifetime.softBytes ?? XFRMLifetime.infinite, hardByteLimit: lifetime.hardBytes ?? XFRMLifetime.infinite,
                            softPacketLimit: lifetime.softPackets ?? XFRMLifetime.infinite,
                            hardPacketLimit: lifetime.hardPackets ?? XFRMLifetime.infinite,
                            softAddExpiresSeconds: seconds(softTime), hardAddExpiresSeconds: seconds(lifetime.hardTime))
    }

    /// A traffic selector as XFRM prefixes: a range is split into the
    /// fewest CIDR blocks that cover it exactly. Port ranges other than
    /// all ports have no XFRM selector form here and are refused.
    static func prefixes(_ selector: TrafficSelector) throws -> [(prefix: XFRMPrefix, family: XFRMFamily, ipProtocol: UInt8)] {
        switch selector {
        case .ipv4(let range):
            guard range.startPort == 0, range.endPort == 65535 else { throw DataPlaneError("selector \(selector) narrows ports") }
            return try cidrBlocks(range.start, range.end).map { (try XFRMPrefix(.v4($0.0), length: $0.1), .ipv4, range.ipProtocol) }
        case .ipv6(let range):
            guard range.startPort == 0, range.endPort == 65535 else { throw DataPlaneError("selector \(selector) narrows ports") }
            return try cidrBlocks(range.start, range.end).map { (try XFRMPrefix(.v6($0.0), length: $0.1), .ipv6, range.ipProtocol) }
        case .unrecognized:
            throw DataPlaneError("selector \(selector) has no XFRM form")
        }
    }

    /// The CIDR blocks that exactly cover start...end.
    static func cidrBlocks<Address: IntegerAddress>(_ start: Address, _ end: Address) -> [(Address, Int)] {
        let width = Address.bitWidth
        let last = end.integer
        // Whether the block of 2^bits addresses at `base` ends within the range.
        func fits(_ base: UInt128, _ bits: Int) -> Bool {
            bits == 128 ? base == 0 && last == UInt128.max : base + ((1 << UInt128(bits)) - 1) <= last
        }
        var blocks: [(Address, Int)] = []
        var next = start.integer
        while next <= last {
            var bits = next == 0 ? width : min(width, next.trailingZeroBitCount)
            while bits > 0 && !fits(next, bits) { bits -= 1 }
            blocks.append((Address(integer: next), width - bits))
            guard bits < 128 else { break }
            let (following, overflow) = next.addingReportingOverflow(1 << UInt128(bits))
            if overflow || following > (width == 32 ? UInt128(UInt32.max) : UInt128.max) || following == 0 { break }
            next = following
        }
        return blocks
    }
}
