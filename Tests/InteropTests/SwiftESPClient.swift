import CNetDevice
import ESP
import Foundation
import IKECrypto
import IKEEngine
import IKEWire

/// A client made of Gatehouse's own parts, in the client's network
/// namespace: the engine's initiator role over a UDP socket, then ESP over a
/// raw socket (IP protocol 50). Debian's strongSwan always encapsulates ESP
/// in UDP, so this is how plain ESP, which Windows uses when no NAT is
/// detected, gets tested against the gateway.
final class SwiftESPClient {
    enum Failure: Error, CustomStringConvertible {
        case system(String, Int32)
        case handshake(String)

        var description: String {
            switch self {
            case .system(let call, let code): "\(call): \(String(cString: strerror(code)))"
            case .handshake(let reason): "handshake: \(reason)"
            }
        }
    }

    let udp: Int32
    let raw: Int32
    let local: Endpoint
    let gateway = Endpoint(address: .v4(IPv4Address(192, 0, 2, 1)), port: 500)
    let engine: IKEEngine
    private(set) var ikeSPI: UInt64 = 0
    private(set) var virtualAddress: IPv4Address?
    private(set) var virtualAddress6: IPv6Address?
    private(set) var child: ChildSAParameters?
    private var inbound: ESPInbound?
    private var outbound: ESPOutbound?

    /// Opens the sockets inside `namespace` (the calling thread enters it
    /// and returns to its own before this returns).
    init(namespace: String, ike: String, esp: String) throws {
        let own = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
        guard own >= 0, target >= 0 else { throw Failure.system("open namespace \(namespace)", errno) }
        defer { close(own); close(target) }
        guard gh_enter_network_namespace(target) == 0 else { throw Failure.system("setns", errno) }
        defer { _ = gh_enter_network_namespace(own) }

        let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        let raw = socket(AF_INET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 50)
        guard udp >= 0, raw >= 0 else { throw Failure.system("socket", errno) }
        self.udp = udp
        self.raw = raw
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = IPv4Address(192, 0, 2, 2).rawValue.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(udp, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure.system("bind", errno) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &length) } }
        local = Endpoint(address: .v4(IPv4Address(192, 0, 2, 2)), port: UInt16(bigEndian: address.sin_port))

        var configuration = EngineConfiguration()
        configuration.ikeProposals = [try IKEProposalPolicy(parsing: ike)]
        configuration.espProposals = [try ESPProposalPolicy(parsing: esp)]
        engine = try IKEEngine(configuration: configuration, now: .zero)
    }

    deinit {
        close(udp)
        close(raw)
    }

    /// IKE_SA_INIT and IKE_AUTH with EAP-MSCHAPv2; the gateway is trusted
    /// by its public key (pinned), which AUTH must verify with.
    func connect(user: String, password: String, gatewayKey: PublicKey,
                 configurationRequest: [ConfigurationAttributeType] = [.internalIP4Address, .internalIP4DNS]) throws {
        var credentials = ClientCredentials(identity: .ipv4(IPv4Address(192, 0, 2, 2)), userName: user, password: password) { _, _ in gatewayKey }
        credentials.configurationRequest = configurationRequest
        let start = ContinuousClock.now
        func now() -> EngineInstant {
            let elapsed = (ContinuousClock.now - start).components
            return EngineInstant(nanoseconds: UInt64(elapsed.seconds) * 1_000_000_000 + UInt64(elapsed.attoseconds / 1_000_000_000))
        }
        var actions: [EngineAction]
        (ikeSPI, actions) = try engine.initiate(from: local, to: gateway, credentials: credentials, now: now())
        while child == nil {
            for action in actions { try perform(action) }
            actions = []
            guard ContinuousClock.now - start < .seconds(10) else { throw Failure.handshake("no CHILD_SA after 10 s") }
            if let message = receiveIKE(timeout: 200) {
                actions = engine.receive(InboundDatagram(local: local, remote: gateway, message: message), now: now())
            } else if let wake = engine.nextWakeUp, wake <= now() {
                actions = engine.wake(now: now())
            }
        }
    }

    private func perform(_ action: EngineAction) throws {
        switch action {
        case .send(let datagram):
            _ = Self.send(datagram.message[...], on: udp, to: IPv4Address(192, 0, 2, 1), port: datagram.remote.port)
        case .event(.established(_, _, _, let addresses)):
            for address in addresses {
                switch address {
                case .v4(let address): virtualAddress = address
                case .v6(let address): virtualAddress6 = address
                }
            }
        case .event(.failed(_, _, let reason)), .event(.authenticationFailed(_, _, _, let reason)):
            throw Failure.handshake(reason)
        case .installChildSA(let parameters):
            guard !parameters.udpEncapsulation else { throw Failure.handshake("the gateway chose UDP encapsulation without a NAT") }
            inbound = try ESPInbound(spi: parameters.inboundSPI, encryption: parameters.encryption, encryptionKey: parameters.inboundEncryptionKey,
                                     integrity: parameters.integrity, integrityKey: parameters.inboundIntegrityKey,
                                     extendedSequenceNumbers: parameters.extendedSequenceNumbers)
            outbound = try ESPOutbound(spi: parameters.outboundSPI, encryption: parameters.encryption, encryptionKey: parameters.outboundEncryptionKey,
                                       integrity: parameters.integrity, integrityKey: parameters.outboundIntegrityKey,
                                       extendedSequenceNumbers: parameters.extendedSequenceNumbers)
            child = parameters
        case .event, .authenticate, .verifyCertificate, .deleteChildSA, .updateChildSA, .supersede:
            break
        }
    }

    private func receiveIKE(timeout milliseconds: Int32) -> [UInt8]? {
        var descriptor = pollfd(fd: udp, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(udp, &buffer, buffer.count, 0)
        return count > 0 ? Array(buffer.prefix(count)) : nil
    }

    /// Sends an inner IPv4 or IPv6 packet through the tunnel as plain ESP.
    func send(_ packet: [UInt8]) throws {
        guard let outbound else { throw Failure.handshake("no CHILD_SA") }
        var output = [UInt8](repeating: 0, count: packet.count + 128)
        let (length, _) = try output.withUnsafeMutableBytes { buffer in
            try packet.withUnsafeBytes { try outbound.seal($0, nextHeader: packet.first.map { $0 >> 4 == 6 ? 41 : 4 } ?? 4, into: buffer) }
        }
        guard Self.send(output[0..<length], on: raw, to: IPv4Address(192, 0, 2, 1), port: 0) == length else {
            throw Failure.system("sendto (raw ESP)", errno)
        }
    }

    /// `sendto` an IPv4 address and port (0 for a raw socket).
    private static func send(_ bytes: ArraySlice<UInt8>, on socket: Int32, to destination: IPv4Address, port: UInt16) -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = destination.rawValue.bigEndian
        return bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(socket, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    /// The next inner packet the gateway sends us as plain ESP within
    /// `timeout` milliseconds; ESP for other SAs is skipped.
    func receive(timeout milliseconds: Int32) -> [UInt8]? {
        guard let inbound else { return nil }
        let deadline = ContinuousClock.now + .milliseconds(Int(milliseconds))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while ContinuousClock.now < deadline {
            var descriptor = pollfd(fd: raw, events: Int16(POLLIN), revents: 0)
            let left = Int32((deadline - ContinuousClock.now).components.attoseconds / 1_000_000_000_000_000) + 1
            guard poll(&descriptor, 1, left) > 0 else { return nil }
            let count = recv(raw, &buffer, buffer.count, 0)
            guard count > 20 else { continue }
            let headerLength = Int(buffer[0] & 0x0F) * 4
            var esp = Array(buffer[headerLength..<count])
            guard esp.count >= 8, UInt32(esp[0]) << 24 | UInt32(esp[1]) << 16 | UInt32(esp[2]) << 8 | UInt32(esp[3]) == inbound.spi else { continue }
            guard let opened = try? esp.withUnsafeMutableBytes({ try inbound.open($0) }) else { continue }
            return Array(esp[opened.payload])
        }
        return nil
    }
}
