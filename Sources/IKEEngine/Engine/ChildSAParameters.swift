import IKECrypto
import IKEWire

/// Everything a data plane needs to carry a CHILD_SA's traffic: SPIs, keys,
/// algorithms, selectors and the UDP encapsulation for NAT traversal.
public struct ChildSAParameters: Sendable {
    /// The IKE SA the CHILD_SA belongs to (our SPI).
    public let ikeSPI: UInt64
    /// The SPI of ESP packets we receive (chosen by us).
    public let inboundSPI: UInt32
    /// The SPI of ESP packets we send (chosen by the peer).
    public let outboundSPI: UInt32
    /// ENCR.
    public let encryption: EncryptionAlgorithm
    /// INTEG; nil with AEAD.
    public let integrity: IntegrityAlgorithm?
    /// 64-bit extended sequence numbers.
    public let extendedSequenceNumbers: Bool
    /// Keys for traffic we receive and send (RFC 7296 §2.17 order resolved by role).
    public let inboundEncryptionKey: SecretBytes
    public let inboundIntegrityKey: SecretBytes
    public let outboundEncryptionKey: SecretBytes
    public let outboundIntegrityKey: SecretBytes
    /// Our traffic selectors (TSr for the responder) and the peer's (TSi).
    public let localSelectors: [TrafficSelector]
    public let remoteSelectors: [TrafficSelector]
    /// The outer addresses.
    public let local: Endpoint
    public let remote: Endpoint
    /// ESP goes in UDP (RFC 3948) between these ports when a NAT was detected.
    public let udpEncapsulation: Bool
    /// The CHILD_SA this one replaces by rekeying (its inbound SPI), nil
    /// for a CHILD_SA of its own.
    public var rekeys: UInt32? = nil
    /// Whether the replaced SA keeps carrying our outbound traffic until it
    /// is removed. The responder of a rekey defers: the initiator installs
    /// the new inbound SA only when our response arrives, so packets sent
    /// on it earlier could be lost; once the initiator deletes the old SA
    /// it has the new one (RFC 7296 §2.8). The initiator of a rekey sends
    /// on the new SA at once.
    public var deferOutbound = false
}
