import IKEWire
import Testing
import TestSupport
@testable import DHCP

/// RFC 3442 encoding, options 121 and 249, and long options (RFC 3396).
@Suite struct ClasslessRouteTests {
    typealias F = InformFixture

    static func route(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ length: Int) throws -> DHCPRoute {
        try DHCPRoute(destination: IPv4Address(a, b, c, d), prefixLength: length, router: F.server)
    }

    @Test func destinationDescriptorsOfRFC3442Section2() throws {
        // The table of RFC 3442 §2: subnet number and mask → destination descriptor.
        let table: [(DHCPRoute, [UInt8])] = [
            (try Self.route(0, 0, 0, 0, 0), [0]),
            (try Self.route(10, 0, 0, 0, 8), [8, 10]),
            (try Self.route(10, 17, 0, 0, 16), [16, 10, 17]),
            (try Self.route(10, 27, 129, 0, 24), [24, 10, 27, 129]),
            (try Self.route(10, 229, 0, 128, 25), [25, 10, 229, 0, 128]),
            (try Self.route(10, 198, 122, 47, 32), [32, 10, 198, 122, 47]),
        ]
        for (route, descriptor) in table {
            #expect(route.destinationDescriptor == descriptor, "\(route)")
            #expect(route.classlessEncoding == descriptor + [10, 8, 0, 1], "router follows the descriptor")
        }
        // Widths between octet boundaries round up: /9 needs two octets, /1 one.
        #expect(try Self.route(10, 128, 0, 0, 9).destinationDescriptor == [9, 10, 128])
        #expect(try Self.route(128, 0, 0, 0, 1).destinationDescriptor == [1, 128])
    }

    @Test func routesAreCheckedWhenBuilt() {
        #expect(throws: DHCPConfigurationError.invalidPrefixLength(33)) {
            try DHCPRoute(destination: IPv4Address(10, 0, 0, 0), prefixLength: 33, router: F.server)
        }
        #expect(throws: DHCPConfigurationError.invalidPrefixLength(-1)) {
            try DHCPRoute(destination: IPv4Address(10, 0, 0, 0), prefixLength: -1, router: F.server)
        }
        #expect(throws: DHCPConfigurationError.hostBitsSet(destination: IPv4Address(10, 1, 2, 3), prefixLength: 8)) {
            try DHCPRoute(destination: IPv4Address(10, 1, 2, 3), prefixLength: 8, router: F.server)
        }
        #expect(throws: DHCPConfigurationError.hostBitsSet(destination: IPv4Address(0, 0, 0, 1), prefixLength: 0)) {
            try DHCPRoute(destination: IPv4Address(0, 0, 0, 1), prefixLength: 0, router: F.server)
        }
    }

    @Test func option121And249AreIdenticalOnTheWire() throws {
        let routes = [try Self.route(10, 27, 129, 0, 24), try Self.route(10, 229, 0, 128, 25), try Self.route(0, 0, 0, 0, 0)]
        let responder = try DHCPInformResponderTests.responder(routes: routes)
        let parsed = try ParsedReply(try DHCPInformResponderTests.answer(F.windowsInform, responder: responder).packet)
        let expected: [UInt8] = [24, 10, 27, 129, 10, 8, 0, 1, 25, 10, 229, 0, 128, 10, 8, 0, 1, 0, 10, 8, 0, 1]
        #expect(parsed.instances.first { $0.code == 121 }?.data == expected)
        #expect(parsed.instances.first { $0.code == 249 }?.data == expected)
    }

    /// 60 /16 routes are 420 octets: more than one option can hold.
    static func sixtyRoutes() throws -> [DHCPRoute] {
        try (0..<60).map { i in try DHCPRoute(destination: IPv4Address(10, UInt8(i), 0, 0), prefixLength: 16, router: F.server) }
    }

    @Test func sixtyRoutesAreSplitBetweenRoutes() throws {
        let responder = try DHCPInformResponderTests.responder(routes: try Self.sixtyRoutes())
        // The client says it takes 1500 octets (option 57).
        let packet = F.packet(F.bootp(extraOptions: [57, 2, 0x05, 0xDC]))
        let reply = try DHCPInformResponderTests.answer(packet, responder: responder)
        #expect(reply.omittedOptions.isEmpty && reply.sizeLimit == 1500 && reply.packet.count <= 1500)
        let parsed = try ParsedReply(reply.packet)
        #expect(parsed.ipChecksumVerifies && parsed.udpChecksumVerifies)
        for code: UInt8 in [121, 249] {
            let instances = parsed.instances.filter { $0.code == code }
            // 255 / 7 = 36 routes (252 octets) in the first, 24 (168) in the second.
            #expect(instances.map(\.data.count) == [252, 168], "option \(code)")
            // Each instance is a route list on its own…
            let pieces = try instances.map { try classlessRoutes($0.data) }
            #expect(pieces.map(\.count) == [36, 24])
            // …and the concatenation (RFC 3396) is the configured list in order.
            let all = try classlessRoutes(try #require(parsed.option(code)))
            #expect(all.map { "\($0.0)/\($0.1)" } == (0..<60).map { "10.\($0).0.0/16" })
        }
        #expect(parsed.option(121) == parsed.option(249))
        // The instances of one option are adjacent, 121's before 249's as requested.
        #expect(parsed.codes.filter { $0 == 121 || $0 == 249 } == [121, 121, 249, 249])
    }

    @Test func routesThatDoNotFitAreLeftOutWholeAndReported() throws {
        let responder = try DHCPInformResponderTests.responder(routes: try Self.sixtyRoutes())
        // No option 57: the reply stays within 576 octets (RFC 2131 §2).
        let reply = try DHCPInformResponderTests.answer(F.windowsInform, responder: responder)
        #expect(reply.packet.count <= 576 && reply.sizeLimit == 576)
        #expect(reply.omittedOptions == [.classlessStaticRoute, .microsoftClasslessStaticRoute])
        let parsed = try ParsedReply(reply.packet)
        #expect(parsed.codes == [53, 54, 6, 15, 44, 119], "the options that fit are still sent")
        #expect(reply.description.hasSuffix("omitted [121 249]: beyond 576 octets"))
    }

    @Test func aLargerConfiguredLimitAppliesWithoutOption57() throws {
        let configuration = try DHCPInformResponderTests.configuration(routes: try Self.sixtyRoutes(), maximumMessageSize: 1400)
        let reply = try DHCPInformResponderTests.answer(F.windowsInform, responder: DHCPInformResponder(configuration: configuration))
        #expect(reply.omittedOptions.isEmpty && reply.sizeLimit == 1400 && reply.packet.count <= 1400)
    }

    @Test func option57BelowTheMinimumMeans576() throws {
        let responder = try DHCPInformResponderTests.responder(routes: try Self.sixtyRoutes())
        let reply = try DHCPInformResponderTests.answer(F.packet(F.bootp(extraOptions: [57, 2, 0x01, 0x00])), responder: responder)
        #expect(reply.sizeLimit == 576)
    }

    @Test func aLongerRouteListOnlyFitsWhenItFits() throws {
        // 121 alone, 60 routes (424 octets with headers): fits 1024, not 700.
        let responder = try DHCPInformResponderTests.responder(routes: try Self.sixtyRoutes())
        let fits = try DHCPInformResponderTests.answer(F.packet(F.bootp(requestList: [121], extraOptions: [57, 2, 0x04, 0x00])),
                                                       responder: responder)
        #expect(fits.omittedOptions.isEmpty)
        let tooBig = try DHCPInformResponderTests.answer(F.packet(F.bootp(requestList: [121], extraOptions: [57, 2, 0x02, 0xBC])),
                                                         responder: responder)
        #expect(tooBig.omittedOptions == [.classlessStaticRoute])
    }
}
