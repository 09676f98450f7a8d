import IKECrypto
import IKEWire
@testable import IKEEngine

/// A road-warrior CHILD_SA as the responder installs it: the client's
/// virtual address on the remote side (or `remote`), a protected LAN on ours.
enum ChildSAFixture {
    static let gateway = Endpoint(address: .v4(IPv4Address(192, 0, 2, 1)), port: 4500)
    static let client = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: 4500)

    static func child(inboundSPI: UInt32 = 0xC000_0001, vip: IPv4Address = IPv4Address(198, 18, 0, 2),
                      local: [TrafficSelector] = [.ipv4(AddressRangeSelector(start: IPv4Address(203, 0, 113, 0), end: IPv4Address(203, 0, 113, 255)))],
                      encryption: EncryptionAlgorithm = .aesCBC(.bits256), integrity: IntegrityAlgorithm? = .hmacSHA1_96,
                      remote: [TrafficSelector]? = nil, udpEncapsulation: Bool = true,
                      outerLocal: Endpoint = gateway, outerRemote: Endpoint = client,
                      rekeys: UInt32? = nil, deferOutbound: Bool = false) -> ChildSAParameters {
        func key(_ count: Int, _ fill: UInt8) -> SecretBytes { SecretBytes([UInt8](repeating: fill, count: count)) }
        var child = ChildSAParameters(ikeSPI: 0x0100_0000_0000_0001, inboundSPI: inboundSPI, outboundSPI: 0xD000_0001,
                                      encryption: encryption, integrity: integrity, extendedSequenceNumbers: false,
                                      inboundEncryptionKey: key(encryption.keySize, 1), inboundIntegrityKey: key(integrity?.keySize ?? 0, 2),
                                      outboundEncryptionKey: key(encryption.keySize, 3), outboundIntegrityKey: key(integrity?.keySize ?? 0, 4),
                                      localSelectors: local, remoteSelectors: remote ?? [.ipv4(AddressRangeSelector(start: vip, end: vip))],
                                      local: outerLocal, remote: outerRemote, udpEncapsulation: udpEncapsulation)
        child.rekeys = rekeys
        child.deferOutbound = deferOutbound
        return child
    }
}
