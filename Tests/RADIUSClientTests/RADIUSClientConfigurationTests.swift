import IKECrypto
import IKEWire
import Logging
import NIOPosix
import Testing
@testable import RADIUSClient

/// Server descriptions, settings arithmetic and the configurations the
/// client refuses.
@Suite struct RADIUSClientConfigurationTests {
    static let secret = SecretBytes(Array("s3cret-do-not-log".utf8))

    @Test func serverDescriptionNamesAddressAndPortOnly() {
        let v4 = RADIUSServer(address: .v4(IPv4Address(203, 0, 113, 10)), port: 1812, secret: Self.secret, priority: 1)
        let v6 = RADIUSServer(address: .v6(IPv6Address("2001:db8::10")!), port: 1813, secret: Self.secret, priority: 2)
        #expect(v4.description == "203.0.113.10:1812")
        #expect(v6.description == "[2001:db8::10]:1813")
        #expect(!"\(v4) \(v6) \(RADIUSClientError.noServerAnswered([v4, v6]))".contains("s3cret"))
    }

    @Test func serversDifferingOnlyInSecretAreNotEqual() {
        let one = RADIUSServer(address: .v4(IPv4Address(203, 0, 113, 10)), port: 1812, secret: Self.secret)
        var other = one
        other.secret = SecretBytes(Array("another".utf8))
        #expect(one != other)
        #expect(one == RADIUSServer(address: .v4(IPv4Address(203, 0, 113, 10)), port: 1812, secret: SecretBytes(Array("s3cret-do-not-log".utf8))))
        #expect(Set([one, other]).count == 2)
    }

    @Test func timeoutsGrowByTheBackoffUpToTheCap() {
        let settings = RADIUSTransportSettings(timeout: .seconds(2), backoff: 2, maximumTimeout: .seconds(5))
        #expect(settings.timeout(after: .seconds(2)) == .seconds(4))
        #expect(settings.timeout(after: .seconds(4)) == .seconds(5))
        let defaults = RADIUSTransportSettings()
        #expect(defaults.timeout == .seconds(2) && defaults.backoff == 2 && defaults.attempts == 3)
        #expect(defaults.deadTime == .seconds(30) && defaults.maximumSockets == 16)
    }

    @Test(arguments: [
        RADIUSTransportSettings(timeout: .zero),
        RADIUSTransportSettings(backoff: 0.5),
        RADIUSTransportSettings(backoff: .nan),
        RADIUSTransportSettings(timeout: .seconds(20), maximumTimeout: .seconds(16)),
        RADIUSTransportSettings(attempts: 0),
        RADIUSTransportSettings(deadTime: .seconds(-1)),
        RADIUSTransportSettings(maximumSockets: 0),
    ])
    func unworkableSettingsAreRefused(_ settings: RADIUSTransportSettings) {
        let server = RADIUSServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: 1812, secret: Self.secret)
        #expect(throws: RADIUSClientError.self) {
            try RADIUSClient(servers: [server], settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        }
    }

    @Test func noServersOrTheSameServerTwiceAreRefused() {
        let server = RADIUSServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: 1812, secret: Self.secret, priority: 1)
        var twin = server
        twin.priority = 2
        for servers in [[], [server, twin]] {
            #expect(throws: RADIUSClientError.self) {
                try RADIUSClient(servers: servers, settings: RADIUSTransportSettings(), group: MultiThreadedEventLoopGroup.singleton,
                                 logger: Logger(label: "test"))
            }
        }
    }
}
