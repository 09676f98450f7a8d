import IKECrypto
import IKEWire
import Logging
import Testing
import XFRM
@testable import DataPlane

@Suite struct XFRMChildSAPlanTests {
    /// Two states in tunnel mode, encapsulated between the NAT-T ports,
    /// and an out, in and fwd policy per selector pair, the inbound ones
    /// admitting only the client's address.
    @Test func aRoadWarriorChildBecomesTwoStatesAndThreePolicies() throws {
        var lifetime = ChildSALifetime()
        lifetime.hardTime = .seconds(3600)
        lifetime.softBytes = 1 << 30
        let plan = try XFRMChildSAPlan(ChildSAFixture.child(), lifetime: lifetime, replayWindow: 8192)
        #expect(plan.inbound.spi == 0xC000_0001 && plan.inbound.source == ChildSAFixture.client.address)
        #expect(plan.outbound.spi == 0xD000_0001 && plan.outbound.destination == ChildSAFixture.client.address)
        #expect(plan.inbound.encapsulation == XFRMEncapsulation(sourcePort: 4500, destinationPort: 4500))
        #expect(plan.inbound.replayWindow == XFRMState.maximumReplayWindow, "capped at what the kernel takes")
        #expect(plan.inbound.lifetime.hardAddExpiresSeconds == 3600 && plan.inbound.lifetime.softByteLimit == 1 << 30)
        #expect(plan.policies.map(\.direction) == [.outbound, .inbound, .forward])
        let inbound = try #require(plan.policies.first { $0.direction == .inbound })
        #expect(inbound.selector.source == XFRMPrefix.host(.v4(IPv4Address(198, 18, 0, 2))))
        #expect(inbound.selector.destination == (try XFRMPrefix(.v4(IPv4Address(203, 0, 113, 0)), length: 24)))
        #expect(inbound.template.source == ChildSAFixture.client.address && inbound.template.reqid == plan.inbound.reqid)
    }

    @Test func everyNegotiatedTransformHasAKernelName() throws {
        let transforms: [(EncryptionAlgorithm, IntegrityAlgorithm?)] = [
            (.aesGCM(.bits256, icv: .bytes16), nil), (.tripleDESCBC, .hmacSHA1_96), (.aesCBC(.bits128), .hmacSHA256_128),
            (.aesCBC(.bits256), .hmacSHA512_256), (.chaCha20Poly1305, nil),
        ]
        for (encryption, integrity) in transforms {
            let plan = try XFRMChildSAPlan(ChildSAFixture.child(encryption: encryption, integrity: integrity, udpEncapsulation: false),
                                           lifetime: ChildSALifetime(), replayWindow: 1024)
            #expect(plan.inbound.encapsulation == nil)
        }
    }

    /// What `XFRMDataPlane.update` accepts without moving anything: the
    /// same addresses, and with UDP the same ports. Anything else it refuses
    /// (the XFRM module cannot migrate states yet).
    @Test func aPlanKnowsItsOuterPath() throws {
        let plan = try XFRMChildSAPlan(ChildSAFixture.child(), lifetime: ChildSALifetime(), replayWindow: 64)
        let gateway = ChildSAFixture.gateway, client = ChildSAFixture.client
        #expect(plan.isOnPath(local: gateway, remote: client, udpEncapsulation: true))
        #expect(!plan.isOnPath(local: gateway, remote: Endpoint(address: client.address, port: 61_000), udpEncapsulation: true))
        #expect(!plan.isOnPath(local: gateway, remote: Endpoint(address: .v4(IPv4Address(192, 0, 2, 3)), port: 4500), udpEncapsulation: true))
        #expect(!plan.isOnPath(local: gateway, remote: client, udpEncapsulation: false))
        let plain = try XFRMChildSAPlan(ChildSAFixture.child(udpEncapsulation: false), lifetime: ChildSALifetime(), replayWindow: 64)
        #expect(plain.isOnPath(local: Endpoint(address: gateway.address, port: 0), remote: Endpoint(address: client.address, port: 0),
                               udpEncapsulation: false), "ports do not matter for plain ESP")
        #expect(!plain.isOnPath(local: gateway, remote: client, udpEncapsulation: true))
    }

    /// This kernel has no ESP: the XFRM backend refuses to start and says
    /// why; on a kernel with ESP it starts. Either way the probe decides.
    @Test func theBackendFollowsTheProbe() throws {
        let probe = XFRMProbe.kernelSupportsESP()
        do {
            let plane = try XFRMDataPlane(settings: DataPlaneSettings(), ipv6: false, logger: Logger(label: "test"))
            plane.stop()
            #expect(probe == .supported)
        } catch {
            guard case .unsupported(let reason) = probe else { throw error }
            #expect(error.description.contains("does not accept ESP SAs") && error.description.contains("\(reason)"))
        }
    }
}
