import IKECrypto
import IKEEngine
import IKELoopback
import IKEWire
import TestSupport

/// A gateway with the test PKI's RSA-2048 certificate and a client engine
/// on a loopback network, for EAP-MSCHAPv2 handshakes under one proposal.
/// The gateway runs the default profile, as a fresh install does.
final class LoopbackHandshake {
    let network = LoopbackNetwork()
    let gateway: IKEEngine
    let pool: AddressPool<IPv4Address>
    let proposal: HandshakeProposal
    private(set) var client: IKEEngine?

    static let gatewayKey: PrivateKey = {
        guard let key = try? PrivateKey(pemEncoded: GatewayFixture.privateKeyPEM) else { preconditionFailure("fixture key") }
        return key
    }()

    init(proposal: HandshakeProposal, addresses: IPv4Subnet) throws {
        self.proposal = proposal
        pool = AddressPool(subnet: addresses)
        var configuration = EngineConfiguration()
        configuration.gateway = GatewayCredentials(identity: .fqdn(GatewayFixture.name), certificateChain: [GatewayFixture.certificateDER],
                                                   privateKey: Self.gatewayKey)
        configuration.network.dnsServers = [IPv4Address(203, 0, 113, 53)]
        gateway = try IKEEngine(configuration: configuration, addresses: VirtualAddressPools(ipv4: pool), now: network.now)
        network.attach(gateway, at: LoopbackNetwork.gateway)
    }

    /// A new client engine offering only the proposal, replacing any other.
    func replaceClient() throws {
        var configuration = EngineConfiguration()
        configuration.ikeProposals = [try IKEProposalPolicy(parsing: proposal.ike)]
        configuration.espProposals = [try ESPProposalPolicy(parsing: proposal.esp)]
        let engine = try IKEEngine(configuration: configuration, now: network.now)
        network.attach(engine, at: LoopbackNetwork.client)
        client = engine
    }

    /// Drops the client engine and everything it holds.
    func removeClient() {
        network.detach(at: LoopbackNetwork.client)
        client = nil
    }

    /// Credentials of a client that trusts exactly the fixture certificate
    /// (certificate path validation is the client's business, not the
    /// gateway's, so it stays out of the measurement).
    static func credentials(_ user: String, _ password: String) -> ClientCredentials {
        ClientCredentials(identity: .ipv4(IPv4Address(192, 0, 2, 2)), userName: user, password: password) { certificates, identity in
            guard certificates.first?.data.elementsEqual(GatewayFixture.certificateDER) == true,
                  identity == .fqdn(GatewayFixture.name) else { throw CryptoError(.authenticationFailed, "untrusted gateway") }
            return gatewayKey.publicKey
        }
    }

    /// Runs one complete handshake and returns the client's IKE SPI.
    func connect(_ credentials: ClientCredentials) throws -> UInt64 {
        guard let client else { throw HandshakeFailure("no client engine") }
        let (spi, actions) = try client.initiate(from: LoopbackNetwork.client, to: LoopbackNetwork.gateway,
                                                 credentials: credentials, now: network.now)
        network.run(actions, from: client)
        return spi
    }

    /// Deletes the client's IKE SA on both sides (an INFORMATIONAL exchange).
    func terminate(_ spi: UInt64) {
        guard let client else { return }
        network.run(client.terminate(spi: spi, now: network.now), from: client)
    }
}
