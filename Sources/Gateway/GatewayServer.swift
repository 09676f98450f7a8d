import Accounting
import Credentials
import DataPlane
import Foundation
import EAP
import IKECrypto
import IKEEngine
import IKEWire
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEndpoint
import NIOPosix
import PKI
import RADIUSClient

/// The running gateway: UDP sockets on every listen address (one per
/// address and port, so that answers leave from the address the request
/// reached), one engine shard per event loop, and the authentication service.
public final class GatewayServer: Sendable {
    /// The settings the gateway started with: its sockets, pools and lease
    /// database follow them until it restarts.
    public let settings: GatewaySettings
    let logger: Logger
    let group: MultiThreadedEventLoopGroup
    let pools: VirtualAddressPools
    /// Where leases are remembered across restarts, if configured.
    let leases: SQLiteLeaseJournal?
    /// Each user's IKE SAs across shards (uniqueness, INITIAL_CONTACT).
    let identities = IdentityRegistry()
    let authentication: AuthenticationService
    /// Relays EAP to RADIUS, if configured.
    let radiusClient: RADIUSClient?
    /// RADIUS accounting, if configured, and the client it sends through.
    let accounting: AccountingService?
    let accountingClient: RADIUSClient?
    /// The directory store and `ntlm_auth` helpers behind `authentication`.
    private let credentialStores: CredentialStoreBuilder
    /// Sessions, their CHILD_SAs and counters, for accounting.
    let ledger = NIOLockedValueBox(AccountingLedger())
    /// Where the accounting service reads interim counters: this server,
    /// held weakly and set once it is initialised (the service is created
    /// before it is).
    let accountingCounterSource: WeakServer?
    /// Starts and Stops in the order the SAs' events happened (a short
    /// session's Stop must not overtake its Start), and their consumer.
    let accountingQueue = AsyncStream.makeStream(of: AccountingCommand.self)
    let accountingConsumer: NIOLockedValueBox<Task<Void, Never>?> = NIOLockedValueBox(nil)
    /// Checks certificate clients; replaced on reload (new CAs, CRLs, rules).
    private let certificateVerifier: NIOLockedValueBox<ClientCertificateVerifier?>
    /// Certificate checks running now. Unauthenticated peers start them, so
    /// they are bounded: beyond the limit a client is refused at once, and
    /// EAP and established SAs keep their share of the CPU.
    private let certificateChecks = NIOLockedValueBox(0)
    static let maximumCertificateChecks = 64
    let started = NIODeadline.now()
    private let control: NIOLockedValueBox<ControlServer?> = NIOLockedValueBox(nil)
    let shards: NIOLockedValueBox<[EngineShard]> = NIOLockedValueBox([])
    /// Samples the shards' load for the log (GatewayServer+Load).
    let loadWatch: NIOLockedValueBox<Task<Void, Never>?> = NIOLockedValueBox(nil)
    private let channels: NIOLockedValueBox<[Endpoint: any Channel]> = NIOLockedValueBox([:])
    /// CHILD_SAs installed, by inbound SPI, with their IKE SA, for
    /// `list-sas` (the data plane adds their counters).
    let children: NIOLockedValueBox<[UInt32: (ikeSPI: UInt64, snapshot: ChildSASnapshot)]> = NIOLockedValueBox([:])
    /// Carries the CHILD_SAs' traffic; nil with `data-plane: backend: none`.
    private let dataPlaneBox: NIOLockedValueBox<(any DataPlane)?> = NIOLockedValueBox(nil)
    var dataPlane: (any DataPlane)? { dataPlaneBox.withLockedValue { $0 } }

    /// - Throws: when the lease database cannot be opened.
    public init(settings: GatewaySettings, logger: Logger, threads: Int = System.coreCount) throws {
        self.settings = settings
        self.logger = logger
        var remembered: (ipv4: [String: IPv4Address], ipv6: [String: IPv6Address]) = ([:], [:])
        let journal = try settings.leaseDatabase.map { try SQLiteLeaseJournal(path: $0, logger: logger) }
        if let journal {
            remembered = try journal.preferences()
            logger.info("lease database opened", metadata: ["path": "\(journal.path)",
                                                            "users": "\(remembered.ipv4.count + remembered.ipv6.count)"])
        }
        leases = journal
        let ipv6 = settings.pool6.map { AddressPool(subnet: $0, preferences: remembered.ipv6, journal: journal) }
        pools = VirtualAddressPools(
            ipv4: settings.pool.map { AddressPool(subnet: $0, preferences: remembered.ipv4, journal: journal) }, ipv6: ipv6,
            named: settings.namedPools.mapValues { named in
                VirtualAddressPools(
                    ipv4: named.ipv4.map { AddressPool(subnet: $0, preferences: remembered.ipv4, journal: journal) },
                    // With leak protection, clients of a pool without IPv6
                    // get a sink address too, so their IPv6 is refused as well.
                    ipv6: named.ipv6.map { AddressPool(subnet: $0, preferences: remembered.ipv6, journal: journal) }
                        ?? (settings.dataPlane.blockIPv6 ? ipv6 : nil))
            })
        group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, threads))
        var relay: (RADIUSRelay, RADIUSClient)?
        if let radius = settings.radius {
            let client = try RADIUSClient(servers: radius.servers, settings: radius.transport, group: group, logger: logger)
            relay = (RADIUSRelay(settings: radius), client)
            radiusClient = client
        } else {
            radiusClient = nil
        }
        credentialStores = CredentialStoreBuilder(logger: logger)
        authentication = AuthenticationService(store: credentialStores.store(for: settings),
                                               normalizer: settings.normalizer, methods: settings.eapMethods, relay: relay, logger: logger)
        if let settings = settings.accounting {
            let client = try RADIUSClient(servers: settings.servers, settings: settings.transport, group: group, logger: logger)
            accountingClient = client
            let nas = NASIdentity(identifier: settings.nasIdentifier, ipv4: settings.nasAddress.flatMap(IPv4Address.init),
                                  ipv6: settings.nasAddress.flatMap(IPv6Address.init), calledStationID: nil)
            let counters = WeakServer()
            accounting = try AccountingService(spoolPath: settings.spool, transport: RADIUSAccountingTransport(client: client), nas: nas,
                                               interimInterval: settings.interimInterval,
                                               counters: { sessionID in counters.server?.traffic(ofSession: sessionID) },
                                               logger: logger)
            accountingCounterSource = counters
        } else {
            accounting = nil
            accountingClient = nil
            accountingCounterSource = nil
        }
        certificateVerifier = NIOLockedValueBox(settings.clientCertificates)
        accountingCounterSource?.server = self
    }

    /// The bound endpoints.
    public var endpoints: [Endpoint] { channels.withLockedValue { Array($0.keys) } }

    /// Creates the shards and binds every socket.
    public func start() async throws {
        var shards: [EngineShard] = []
        for (index, loop) in group.makeIterator().enumerated() {
            let shard = try await EngineShard.make(index: UInt8(index), eventLoop: loop, configuration: settings.engine, addresses: pools,
                                                   identities: identities,
                                                   logger: logger) { [weak self] shard, action in self?.perform(action, from: shard) }
            shards.append(shard)
        }
        self.shards.withLockedValue { $0 = shards }

        var addresses = settings.listenAddresses
        if addresses.isEmpty {
            // Every address of the host, less IPv6 link-local ones: they need
            // a scope to bind, and no IKE peer reaches a gateway through them.
            addresses = try System.enumerateDevices().compactMap { device in
                device.address.flatMap { Endpoint($0)?.address }
            }.filter { if case .v6(let address) = $0 { !address.isLinkLocal } else { true } }
        }
        addresses = Array(Set(addresses)).sorted { $0.description < $1.description }
        try startDataPlane(rawESPAddresses: addresses)
        if let dataPlane {
            // ESP from a peer proves it alive: no liveness check while it flows.
            for shard in shards {
                try await shard.query { engine, _ in engine.inboundPackets = { dataPlane.counters(inboundSPI: $0)?.inbound.packets } }
            }
        }
        let controlServer: ControlServer
        do {
            for address in addresses {
                for port in [settings.ikePort, settings.natTraversalPort] {
                    try await bind(Endpoint(address: address, port: port), natTraversal: port == settings.natTraversalPort)
                }
            }
            controlServer = try await ControlServer.start(path: settings.controlSocket, server: self, logger: logger)
        } catch {
            // No TUN device, routes or nftables table outlive a failed start.
            dataPlane?.stop()
            throw error
        }
        control.withLockedValue { $0 = controlServer }
        // Accounting-On, and the Stops of sessions a crash left open, go
        // first, before any Start of this run (RFC 2866 §5.1).
        await openAccounting()
        startWatchingLoad()
        logger.info("gatehouse listening", metadata: ["endpoints": "\(endpoints.map(\.description).sorted())", "shards": "\(shards.count)"])
    }

    /// Opens the data plane the settings ask for, before the sockets it
    /// uses are bound: XFRM when asked, or with `auto` when the kernel
    /// accepts ESP SAs; userspace ESP over TUN otherwise.
    private func startDataPlane(rawESPAddresses: [IPAddress]) throws {
        let settings = self.settings.dataPlane
        let dataPlane: any DataPlane
        switch settings.backend {
        case .none:
            logger.notice("no data plane (data-plane.backend: none): IKE only, tunnel traffic is dropped")
            return
        case .xfrm:
            if let feature = userspaceOnlyFeature {
                throw DataPlaneError("data-plane backend xfrm cannot provide \(feature) yet; turn it off or use backend auto or userspace")
            }
            do {
                dataPlane = try XFRMDataPlane(settings: settings, ipv6: self.settings.pool6 != nil || self.settings.namedPools.values.contains { $0.ipv6 != nil }, logger: logger)
            } catch {
                throw DataPlaneError("data-plane backend xfrm: \(error); use backend auto or userspace on this host")
            }
        case .auto:
            if let feature = userspaceOnlyFeature {
                logger.info("userspace data plane chosen: the kernel backend cannot provide \(feature) yet")
                dataPlane = try userspaceDataPlane(rawESPAddresses: rawESPAddresses)
                break
            }
            do {
                dataPlane = try XFRMDataPlane(settings: settings, ipv6: self.settings.pool6 != nil || self.settings.namedPools.values.contains { $0.ipv6 != nil }, logger: logger)
            } catch {
                logger.notice("kernel ESP unavailable; using the userspace data plane", metadata: ["reason": "\(error)"])
                dataPlane = try userspaceDataPlane(rawESPAddresses: rawESPAddresses)
            }
        case .userspace:
            dataPlane = try userspaceDataPlane(rawESPAddresses: rawESPAddresses)
        }
        dataPlaneBox.withLockedValue { $0 = dataPlane }
    }

    /// What only the userspace data plane does so far: answering DHCPINFORM
    /// and refusing IPv6 inside the tunnel both need the packets in
    /// userspace (under XFRM they would need a socket or nftables rules of
    /// their own).
    private var userspaceOnlyFeature: String? {
        if settings.dataPlane.blockIPv6 { return "IPv6 leak protection (network.ipv6-leak-protection)" }
        if settings.dhcp != nil { return "the DHCPINFORM responder (data-plane.dhcp)" }
        return nil
    }

    private func userspaceDataPlane(rawESPAddresses: [IPAddress]) throws -> UserspaceDataPlane {
        var routes: [(IPAddress, Int)] = []
        for pool in [settings.pool] + settings.namedPools.values.map(\.ipv4) {
            if let pool { routes.append((.v4(pool.network), pool.prefixLength)) }
        }
        // A leak-protection sink carries nothing, so it is not routed.
        if let pool6 = settings.pool6, !settings.dataPlane.blockIPv6 { routes.append((.v6(pool6.network), pool6.prefixLength)) }
        for pool6 in settings.namedPools.values.compactMap(\.ipv6) { routes.append((.v6(pool6.network), pool6.prefixLength)) }
        return try UserspaceDataPlane(settings: settings.dataPlane, routes: routes, rawESPAddresses: rawESPAddresses,
                                      innerResponder: settings.dhcp.map(DHCPInnerResponder.init),
                                      logger: logger) { [weak self] event in self?.handle(event) }
    }

    private func bind(_ local: Endpoint, natTraversal: Bool) async throws {
        let dataPlane = self.dataPlane
        let handler = IKEDatagramHandler(local: local, natTraversal: natTraversal, dataPlane: dataPlane, logger: logger) { [weak self] datagram in
            self?.dispatch(datagram)
        }
        let channel: any Channel
        do {
            let bootstrap = DatagramBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(handler) }
                }
            if natTraversal, let dataPlane {
                // Our own socket, so the data plane can send ESP on it too.
                let fd = try NATTraversalSocket.open(local)
                channel = try await bootstrap.withBoundSocket(fd).get()
                dataPlane.registerNATTraversalSocket(fd, local: local)
            } else {
                channel = try await bootstrap.channelOption(.socketOption(.so_reuseaddr), value: 1).bind(to: try local.socketAddress()).get()
            }
        } catch {
            throw ListenError(endpoint: local, underlying: error)
        }
        channels.withLockedValue { $0[local] = channel }
    }

    /// Routes a datagram to its shard: new IKE_SA_INIT requests by a hash of
    /// the peer, everything else by the shard encoded in our SPI.
    func dispatch(_ datagram: InboundDatagram) {
        let shards = self.shards.withLockedValue { $0 }
        guard !shards.isEmpty, let header = try? IKEHeader.peek(datagram.message[...]).header else { return }
        let index: Int
        if header.responderSPI == 0 {
            var hasher = Hasher()
            hasher.combine(datagram.remote)
            hasher.combine(header.initiatorSPI)
            index = Int(UInt(bitPattern: hasher.finalize()) % UInt(shards.count))
        } else {
            let ourSPI = header.flags.contains(.initiator) ? header.responderSPI : header.initiatorSPI
            index = Int(IKEEngine.shard(ofOurSPI: ourSPI))
            guard index < shards.count else { return }
        }
        shards[index].run { engine, now in engine.receive(datagram, now: now) }
    }

    private func perform(_ action: EngineAction, from shard: EngineShard) {
        switch action {
        case .send(let datagram):
            send(datagram)
        case .authenticate(let request):
            // The session has not started: accounting correlates by Acct-Session-Id.
            Task {
                guard let answer = await authentication.handle(request) else { return }
                shard.run { engine, now in engine.authenticationAnswered(answer, now: now) }
            }
        case .verifyCertificate(let request):
            let verifier = certificateVerifier.withLockedValue { $0 }
            let admitted = certificateChecks.withLockedValue { running in
                guard running < Self.maximumCertificateChecks else { return false }
                running += 1
                return true
            }
            guard admitted else {
                let answer = CertificateVerificationAnswer(spi: request.spi, result: .refused(reason: "too many certificate checks in progress"))
                return shard.run { engine, now in engine.certificateVerified(answer, now: now) }
            }
            Task {
                let answer = await verifyCertificate(request, with: verifier)
                certificateChecks.withLockedValue { $0 -= 1 }
                shard.run { engine, now in engine.certificateVerified(answer, now: now) }
            }
        case .event(let event):
            log(event)
            account(event)
        case .installChildSA(let child):
            install(child, from: shard)
        case .deleteChildSA(let spi, let ikeSPI):
            // Only the session's own: a rekey's redundant CHILD_SA was never
            // installed, and an SPI whose install failed may be another's.
            guard children.withLockedValue({ $0[spi]?.ikeSPI }) == ikeSPI else { return }
            // Its traffic goes to the session's retired counters first
            // (retire finds the session in `children`).
            retire(inboundSPI: spi)
            dataPlane?.remove(inboundSPI: spi)
            children.withLockedValue { _ = $0.removeValue(forKey: spi) }
            logger.info("CHILD_SA removed", metadata: ["spi_in": "\(Hex.string(spi))"])
        case .updateChildSA(let spi, let local, let remote, let encapsulation):
            move(inboundSPI: spi, local: local, remote: remote, udpEncapsulation: encapsulation, from: shard)
        case .supersede(let spi):
            // The SPI names the shard that holds the SA (DESIGN §3).
            let shards = self.shards.withLockedValue { $0 }
            let index = Int(IKEEngine.shard(ofOurSPI: spi))
            guard index < shards.count else { return }
            shards[index].run { engine, now in engine.supersede(spi: spi, now: now) }
        }
    }

    /// Runs the X.509 checks off the event loop and turns their outcome
    /// into the key the engine verifies the client's AUTH with.
    private func verifyCertificate(_ request: CertificateVerificationRequest,
                                   with verifier: ClientCertificateVerifier?) async -> CertificateVerificationAnswer {
        guard let verifier else {
            // Certificates were turned off by a reload while this client was on its way.
            return CertificateVerificationAnswer(spi: request.spi, result: .refused(reason: "certificate authentication not enabled"))
        }
        switch await verifier.verify(certificates: request.certificates, identity: ClaimedIdentity(request.identity)) {
        case .success(let admitted):
            do {
                let key = try PublicKey(subjectPublicKeyInfoDER: admitted.subjectPublicKeyInfo,
                                        minimumRSAModulusBits: verifier.settings.minimumRSABits)
                logger.info("client certificate verified", metadata: [
                    "peer": "\(request.peer)", "spi": "\(Hex.string(request.spi))", "subject": "\(admitted.certificate.subject)",
                    "issuer": "\(admitted.certificate.issuer)", "serial": "\(admitted.certificate.serialNumber)", "name": "\(admitted.name)",
                ])
                return CertificateVerificationAnswer(spi: request.spi, result: .trusted(
                    publicKey: key, authorization: Authorization(userName: admitted.name, pool: admitted.pool)))
            } catch {
                return CertificateVerificationAnswer(spi: request.spi, result: .refused(reason: "the certificate's key is unusable: \(error)"))
            }
        case .failure(let refusal):
            return CertificateVerificationAnswer(spi: request.spi, result: .refused(reason: refusal.description))
        }
    }

    private func install(_ child: ChildSAParameters, from shard: EngineShard) {
        let snapshot = child.snapshot
        do {
            try dataPlane?.install(child)
        } catch {
            // An SA whose traffic cannot flow is worse than none: the client
            // would show connected and carry nothing.
            logger.error("CHILD_SA could not be installed; deleting its IKE SA", metadata: ["spi_in": "\(snapshot.inboundSPI)", "reason": "\(error)"])
            shard.run { engine, now in engine.terminate(spi: child.ikeSPI, cause: .gatewayError, now: now) }
            return
        }
        children.withLockedValue { $0[child.inboundSPI] = (child.ikeSPI, snapshot) }
        startAccounting(ikeSPI: child.ikeSPI, inboundSPI: child.inboundSPI)
        logger.info("CHILD_SA ready", metadata: [
            "spi_in": "\(snapshot.inboundSPI)", "spi_out": "\(snapshot.outboundSPI)", "esp": "\(snapshot.esp)", "peer": "\(child.remote)",
            "ts": "\(snapshot.localSelectors) === \(snapshot.remoteSelectors)", "udp_encapsulation": "\(child.udpEncapsulation)",
        ])
    }

    /// Sends a CHILD_SA's ESP to the peer's new addresses (MOBIKE, a NAT
    /// mapping that changed). If the data plane cannot, the SA's traffic
    /// has nowhere to go: the IKE SA is deleted, as for a failed install.
    private func move(inboundSPI: UInt32, local: Endpoint, remote: Endpoint, udpEncapsulation: Bool, from shard: EngineShard) {
        guard let ikeSPI = children.withLockedValue({ $0[inboundSPI]?.ikeSPI }) else { return }
        do {
            try dataPlane?.update(inboundSPI: inboundSPI, local: local, remote: remote, udpEncapsulation: udpEncapsulation)
            logger.info("CHILD_SA moved", metadata: ["spi_in": "\(Hex.string(inboundSPI))", "peer": "\(remote)",
                                                     "udp_encapsulation": "\(udpEncapsulation)"])
        } catch {
            logger.error("CHILD_SA could not be moved; deleting its IKE SA", metadata: ["spi_in": "\(Hex.string(inboundSPI))", "reason": "\(error)"])
            shard.run { engine, now in engine.terminate(spi: ikeSPI, cause: .gatewayError, now: now) }
        }
    }

    /// A lifetime limit the data plane reached: the engine rekeys the
    /// CHILD_SA (soft) or deletes it (hard). `ikeSPI` is the session's
    /// name, which a rekey of the IKE SA does not change.
    private func handle(_ event: DataPlaneEvent) {
        switch event {
        case .expired(let ikeSPI, let inboundSPI, let expiry, let cause):
            logger.debug("CHILD_SA reached a lifetime limit", metadata: [
                "spi": "\(Hex.string(ikeSPI))", "spi_in": "\(Hex.string(inboundSPI))", "limit": "\(cause)", "kind": "\(expiry)",
            ])
            let shards = self.shards.withLockedValue { $0 }
            let index = Int(IKEEngine.shard(ofOurSPI: ikeSPI))
            guard index < shards.count else { return }
            shards[index].run { engine, now in engine.childSAExpired(spi: ikeSPI, inboundSPI: inboundSPI, hard: expiry == .hard, now: now) }
        }
    }

    private func send(_ datagram: OutboundDatagram) {
        guard let channel = channels.withLockedValue({ $0[datagram.local] }), let remote = try? datagram.remote.socketAddress() else {
            logger.warning("no socket for \(datagram.local); datagram to \(datagram.remote) dropped")
            return
        }
        var buffer = channel.allocator.buffer(capacity: datagram.message.count + 4)
        if datagram.local.port == settings.natTraversalPort {
            buffer.writeBytes([0, 0, 0, 0])  // non-ESP marker (RFC 3948 §2.2)
        }
        buffer.writeBytes(datagram.message)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: buffer), promise: nil)
    }

    private func log(_ event: IKESAEvent) {
        switch event {
        case .keysEstablished(let spi, let peer, let suite, let nat):
            logger.debug("IKE_SA_INIT done", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(peer)", "suite": "\(suite)", "nat": "\(nat)"])
        case .established(let spi, let peer, let authorization, let addresses):
            logger.info("IKE SA up", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(peer)", "user": "\(authorization.userName)",
                                                "vip": "\(addresses.map(\.description))"])
        case .authenticationFailed(let spi, let peer, let user, let reason):
            logger.notice("authentication failed", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(peer)", "user": "\(user ?? "-")",
                                                              "reason": "\(reason)"])
        case .failed(let spi, let peer, let reason):
            logger.info("IKE SA failed", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(peer)", "reason": "\(reason)"])
        case .deleted(let spi, let peer, let user, let reason, _):
            logger.info("IKE SA down", metadata: ["spi": "\(Hex.string(spi))", "peer": "\(peer)", "user": "\(user)", "reason": "\(reason)"])
        case .rekeyed(let spi, let peer, let old, let new):
            logger.debug("session moved to a rekeyed IKE SA", metadata: ["session": "\(Hex.string(spi))", "peer": "\(peer)",
                                                                         "old_spi": "\(Hex.string(old))", "spi": "\(Hex.string(new))"])
        }
    }

    // MARK: - Control

    /// Answers a control request.
    func handle(_ request: ControlRequest) async -> ControlResponse {
        do {
            switch request.command {
            case "status":
                let sas = try await snapshot()
                var status = GatewayStatus(endpoints: endpoints.map(\.description).sorted(), ikeSAs: sas.count,
                                           established: sas.filter { $0.state == "established" }.count,
                                           connecting: sas.filter { $0.state == "connecting" || $0.state == "authenticating" }.count,
                                           leasedAddresses: pools.leasedCount,
                                           uptimeSeconds: Int((NIODeadline.now() - started).nanoseconds / 1_000_000_000))
                for (kind, client) in [("auth", radiusClient), ("acct", accountingClient)] {
                    status.radiusServers += (client?.serverStates ?? []).map { "\(kind) \($0.server) \($0.alive ? "alive" : "dead")" }
                }
                status.accountingPending = await accounting?.pendingRecords
                status.credentialStores = await authentication.storeStates
                status.load = try await load()
                return ControlResponse(ok: true, message: "running", status: status)
            case "list-sas":
                return ControlResponse(ok: true, message: "", sas: try await snapshot())
            case "reload":
                let (ok, message) = await reload()
                return ControlResponse(ok: ok, message: message)
            case "terminate":
                guard let selector = request.argument, !selector.isEmpty else {
                    return ControlResponse(ok: false, message: "terminate needs an SPI or a user name")
                }
                let count = try await terminate(selector)
                return ControlResponse(ok: count > 0, message: count > 0 ? "deleting \(count) IKE SA(s)" : "no IKE SA matches \(selector)")
            default:
                return ControlResponse(ok: false, message: "unknown command \(request.command); use status, list-sas, terminate, reload")
            }
        } catch {
            return ControlResponse(ok: false, message: "\(error)")
        }
    }

    /// Rereads the configuration file and the files it names, and applies
    /// what can change while SAs are up: proposals, the gateway's
    /// certificate, network and DNS settings, limits, uniqueness, users and
    /// name normalisation. Nothing is dropped; an invalid file changes
    /// nothing. Returns whether it was applied, and what for the admin.
    public func reload() async -> (ok: Bool, message: String) {
        let path = settings.configurationFile
        let new: GatewaySettings
        do {
            new = try GatewaySettings.load(path: path)
        } catch {
            logger.error("reload failed; the running configuration stays", metadata: ["errors": "\(error)"])
            return (false, "not reloaded; the running configuration stays:\n\(error)")
        }
        guard new.engine.gateway != nil else {
            return (false, "not reloaded: the gateway certificate files do not exist (they are only created at start)")
        }
        for shard in shards.withLockedValue({ $0 }) {
            shard.run { engine, _ in
                engine.reconfigure(new.engine)
                return []
            }
        }
        await authentication.replace(store: credentialStores.store(for: new), normalizer: new.normalizer,
                                         methods: new.eapMethods)
        certificateVerifier.withLockedValue { $0 = new.clientCertificates }
        for notice in new.notices { logger.notice("\(notice)") }
        for warning in new.warnings { logger.warning("\(warning)") }
        let pending = settings.restartOnlyDifferences(from: new)
        var message = "reloaded \(path): \(new.secrets.count) users, \(new.engine.ikeProposals.count) IKE and "
            + "\(new.engine.espProposals.count) ESP proposals"
        if let trust = new.clientCertificates?.settings {
            message += ", certificate clients from \(trust.authorities.count) CAs with \(trust.revocationLists.count) CRLs"
        }
        if !pending.isEmpty { message += "; needs a restart to change: \(pending.joined(separator: ", "))" }
        logger.notice("\(message)")
        return (true, message)
    }

    /// Every SA of every shard.
    public func snapshot() async throws -> [SASnapshot] {
        var all: [SASnapshot] = []
        for shard in shards.withLockedValue({ $0 }) {
            all += try await shard.query { engine, now in engine.snapshot(now: now) }
        }
        let dataPlane = self.dataPlane
        // Counters are read outside the lock: under XFRM each is a netlink
        // round trip, and the shards take this lock to install SAs.
        let installed = self.children.withLockedValue { $0 }
        let children = Dictionary(uniqueKeysWithValues: installed.map { spi, entry in
            var snapshot = entry.snapshot
            if let counters = dataPlane?.counters(inboundSPI: spi) {
                let inbound = counters.inbound
                snapshot.traffic = ChildSATraffic(bytesIn: inbound.bytes, packetsIn: inbound.packets, bytesOut: counters.outbound.bytes,
                                                  packetsOut: counters.outbound.packets,
                                                  droppedIn: inbound.replayed + inbound.authenticationFailures + inbound.malformed)
            }
            return (snapshot.inboundSPI, snapshot)
        })
        return all.map { sa in
            var sa = sa
            // The newest CHILD_SA the data plane holds: after a rekey, the one that carries the traffic.
            sa.child = sa.childSPIs.reversed().lazy.compactMap { children[$0] }.first
            return sa
        }
    }

    /// Deletes the SAs whose SPI or user matches; returns how many.
    public func terminate(_ selector: String) async throws -> Int {
        var count = 0
        for shard in shards.withLockedValue({ $0 }) {
            let spis = try await shard.query { engine, _ in engine.spis(matching: selector) }
            count += spis.count
            for spi in spis { shard.run { engine, now in engine.terminate(spi: spi, now: now) } }
        }
        return count
    }

    /// Stops every socket and event loop.
    public func shutdown() async throws {
        await control.withLockedValue { $0 }?.close()
        stopWatchingLoad()
        await stopAccounting()
        await radiusClient?.shutdown()
        credentialStores.shutdown()
        // The data plane first: its threads send on the NAT-T sockets the
        // channels own, and its events run on the shards' event loops.
        dataPlane?.stop()
        for channel in channels.withLockedValue({ Array($0.values) }) {
            try? await channel.close()
        }
        try await group.shutdownGracefully()
        leases?.close()
    }
}

/// A socket that could not be bound, named by its address and port.
public struct ListenError: Error, CustomStringConvertible {
    public let endpoint: Endpoint
    public let underlying: any Error

    public var description: String { "cannot listen on \(endpoint): \(underlying)" }
}
