import ESP
import Glibc
import IKEEngine
import IKEWire
import Logging
import Synchronization
import XFRM

/// The production data plane on hosts whose kernel has ESP: every CHILD_SA
/// becomes XFRM states and policies (netlink), the kernel encrypts and
/// forwards, and ESP in UDP is taken off the NAT-T sockets by the kernel
/// (UDP_ENCAP_ESPINUDP), so no packet passes through the gateway process.
///
/// The gateway needs a route covering the pools (usually its default
/// route): the kernel looks the route up before the policy that sends the
/// packet into the tunnel.
public final class XFRMDataPlane: DataPlane {
    let settings: DataPlaneSettings
    let logger: Logger
    let socket: XFRMSocket
    /// What each installed CHILD_SA put into the kernel, by inbound SPI.
    private let installed = Mutex<[UInt32: XFRMChildSAPlan]>([:])
    /// Which SA (inbound SPI) each installed policy belongs to.
    private let policyOwners = Mutex<[PolicyKey: UInt32]>([:])

    /// A policy as the kernel tells them apart: selector and direction.
    struct PolicyKey: Hashable {
        let selector: XFRMSelector
        let direction: XFRMPolicyDirection

        init(_ policy: XFRMPolicy) {
            selector = policy.selector
            direction = policy.direction
        }
    }

    /// Linux <linux/udp.h>: the socket option and its value that make the
    /// kernel decapsulate ESP arriving on a UDP socket (RFC 3948).
    static let udpEncapsulationOption: Int32 = 100
    static let espInUDP: Int32 = 2

    /// - Throws: when the kernel refuses ESP SAs (the probe's reason) or the
    ///   netlink socket cannot be opened.
    /// - Parameter ipv6: whether IPv6 is tunnelled (an IPv6 pool): only then
    ///   is IPv6 forwarding turned on, which makes Linux ignore router
    ///   advertisements on the gateway's own interfaces.
    public init(settings: DataPlaneSettings, ipv6: Bool, logger: Logger) throws(DataPlaneError) {
        if case .unsupported(let reason) = XFRMProbe.kernelSupportsESP() {
            throw DataPlaneError("the kernel does not accept ESP SAs (\(reason))")
        }
        do {
            socket = try XFRMSocket()
        } catch {
            throw DataPlaneError("cannot open the XFRM netlink socket: \(error)")
        }
        self.settings = settings
        self.logger = logger
        if settings.forwarding { try enableForwarding(ipv6: ipv6, logger: logger) }
        logger.info("kernel (XFRM) data plane up")
    }

    public func registerNATTraversalSocket(_ fd: Int32, local: Endpoint) {
        var value = Self.espInUDP
        if setsockopt(fd, Int32(IPPROTO_UDP), Self.udpEncapsulationOption, &value, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            logger.error("UDP_ENCAP on the NAT-T socket failed: ESP in UDP will not reach the kernel",
                         metadata: ["local": "\(local)", "errno": "\(errno)"])
        }
    }

    public func install(_ child: ChildSAParameters) throws(DataPlaneError) {
        let plan = try XFRMChildSAPlan(child, lifetime: settings.lifetime, replayWindow: settings.replayWindow)
        // Only what this call created is undone on failure: a state that
        // already exists (EEXIST) may be another client's, whose SPI a peer
        // behind the same NAT can copy.
        var createdStates: [XFRMState] = []
        var createdPolicies: [XFRMPolicy] = []
        do {
            for state in [plan.inbound, plan.outbound] {
                try socket.install(state)
                createdStates.append(state)
            }
            for policy in plan.policies {
                try installPolicy(policy, owner: child.inboundSPI)
                createdPolicies.append(policy)
            }
        } catch {
            for policy in createdPolicies { releasePolicy(policy, owner: child.inboundSPI) }
            for state in createdStates { try? socket.delete(spi: state.spi, destination: state.destination) }
            throw DataPlaneError("the kernel refused CHILD_SA \(Hex.string(child.inboundSPI)): \(error)")
        }
        installed.withLock { $0[child.inboundSPI] = plan }
    }

    /// Installs `policy` for the SA `owner`. A policy with the same selector
    /// and direction belongs to an older SA of the same address (a client
    /// that reconnected, the old SA not yet deleted): the new SA takes it
    /// over, and the old one's removal leaves it alone.
    private func installPolicy(_ policy: XFRMPolicy, owner: UInt32) throws {
        let key = PolicyKey(policy)
        let heldByAnother = policyOwners.withLock { $0[key] != nil }
        do {
            try socket.install(policy)
        } catch {
            guard heldByAnother, case .kernel(let code, _) = error, code.rawValue == EEXIST else { throw error }
            try socket.delete(policy: policy)
            try socket.install(policy)
        }
        policyOwners.withLock { $0[key] = owner }
    }

    /// Deletes `policy` if `owner` still holds it.
    private func releasePolicy(_ policy: XFRMPolicy, owner: UInt32) {
        let key = PolicyKey(policy)
        let owned = policyOwners.withLock { owners in
            guard owners[key] == owner else { return false }
            owners[key] = nil
            return true
        }
        if owned { try? socket.delete(policy: policy) }
    }

    public func remove(inboundSPI: UInt32) {
        guard let plan = installed.withLock({ $0.removeValue(forKey: inboundSPI) }) else { return }
        delete(plan, owner: inboundSPI)
    }

    private func delete(_ plan: XFRMChildSAPlan, owner: UInt32) {
        for policy in plan.policies { releasePolicy(policy, owner: owner) }
        for state in [plan.inbound, plan.outbound] {
            do {
                try socket.delete(spi: state.spi, destination: state.destination)
            } catch {
                logger.debug("XFRM state already gone", metadata: ["spi": "\(Hex.string(state.spi))", "reason": "\(error)"])
            }
        }
    }

    /// An update that leaves the path as it is (a MOBIKE update or NAT
    /// detection that found nothing changed) succeeds. Any other is refused
    /// with an error that says why.
    ///
    /// Not implemented, on purpose: the kernel moves states and policies
    /// with XFRM_MSG_MIGRATE (with XFRMA_ENCAP for the new ports), or, as
    /// strongSwan's kernel_netlink does, by re-adding each state at the new
    /// address with the replay state read back by GETSA (XFRMA_REPLAY_VAL or
    /// XFRMA_REPLAY_ESN_VAL, whose `oseq` the new state must continue) and
    /// updating the policies' templates. The XFRM module encodes neither
    /// MIGRATE nor a NEWSA with a starting sequence number, and this module
    /// does not touch its encoder. Re-adding the states as they were
    /// installed would restart the outbound sequence number under the same
    /// keys: the peer would drop the packets as replays (RFC 4303 §3.4.3),
    /// and with AES-GCM, whose kernel IV is derived from the sequence
    /// number (seqiv), nonces would repeat (RFC 4106 §3.1). Untested either
    /// way: this machine's kernel has no ESP, so no XFRMDataPlane starts.
    public func update(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool) throws(DataPlaneError) {
        guard let plan = installed.withLock({ $0[inboundSPI] }) else { throw .notInstalled(inboundSPI) }
        guard plan.isOnPath(local: local, remote: remote, udpEncapsulation: udpEncapsulation) else {
            throw DataPlaneError("the XFRM data plane cannot move CHILD_SA \(Hex.string(inboundSPI)) to \(local) <-> \(remote)"
                + (udpEncapsulation ? " in UDP" : "") + " (needs XFRM_MSG_MIGRATE, which the XFRM module does not send yet)")
        }
    }

    public func counters(inboundSPI: UInt32) -> ChildSACounters? {
        guard let plan = installed.withLock({ $0[inboundSPI] }),
              let inbound = try? socket.counters(spi: plan.inbound.spi, destination: plan.inbound.destination),
              let outbound = try? socket.counters(spi: plan.outbound.spi, destination: plan.outbound.destination) else { return nil }
        var received = ESPCounters()
        received.bytes = inbound.bytes
        received.packets = inbound.packets
        received.replayed = UInt64(inbound.replayDrops) + UInt64(inbound.replayWindowDrops)
        received.authenticationFailures = UInt64(inbound.integrityFailures)
        var sent = ESPCounters()
        sent.bytes = outbound.bytes
        sent.packets = outbound.packets
        return ChildSACounters(inbound: received, outbound: sent)
    }

    /// With UDP_ENCAP set the kernel takes ESP off the socket; what still
    /// arrives here matched no state and is dropped.
    public func receiveEncapsulated(_ packet: UnsafeMutableRawBufferPointer, from remote: Endpoint, local: Endpoint) {
        logger.trace("ESP without a kernel state dropped", metadata: ["peer": "\(remote)"])
    }

    public func stop() {
        let plans = installed.withLock { plans in
            defer { plans = [:] }
            return Array(plans)
        }
        for (owner, plan) in plans { delete(plan, owner: owner) }
        logger.info("kernel (XFRM) data plane down", metadata: ["removed": "\(plans.count)"])
    }
}
