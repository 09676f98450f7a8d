import IKEWire
import Testing
import TestSupport
@testable import DHCP

/// Option 119 (RFC 3397) and the checks on names and other configuration.
@Suite struct DomainSearchTests {
    typealias F = InformFixture

    @Test func rfc3397Section3Example() {
        // "eng.apple.com." and "marketing.apple.com.": the second ends in a
        // pointer to "apple.com." at offset 4 of the option data.
        let encoded = DomainName.searchList(["eng.apple.com.", "marketing.apple.com."])
        #expect(encoded.joined().elementsEqual(
            [3] + Array("eng".utf8) + [5] + Array("apple".utf8) + [3] + Array("com".utf8) + [0]
            + [9] + Array("marketing".utf8) + [0xC0, 0x04]))
        #expect(encoded.map(\.count) == [15, 12], "one element per name, so a split falls between names")
    }

    @Test func suffixesMatchCaseInsensitivelyAndRepeatsAreOnePointer() {
        let encoded = DomainName.searchList(["Corp.Example.com", "example.COM", "corp.example.com"])
        #expect(encoded == [[4] + Array("Corp".utf8) + [7] + Array("Example".utf8) + [3] + Array("com".utf8) + [0],
                            [0xC0, 0x05], [0xC0, 0x00]])
    }

    @Test func option119IsSentWhenRequested() throws {
        let reply = try DHCPInformResponderTests.answer(F.packet(F.bootp(requestList: [119])))
        let parsed = try ParsedReply(reply.packet)
        #expect(parsed.option(119) == [4] + Array("corp".utf8) + [7] + Array("example".utf8) + [3] + Array("com".utf8) + [0, 0xC0, 0x05])
    }

    @Test func domainNameLosesItsRootDot() throws {
        let configuration = try DHCPInformConfiguration(serverIdentifier: F.server, domainName: "corp.example.com.")
        let reply = try DHCPInformResponderTests.answer(F.windowsInform, responder: DHCPInformResponder(configuration: configuration))
        #expect(try ParsedReply(reply.packet).option(15) == Array("corp.example.com".utf8))
    }

    @Test func invalidConfigurationIsRefused() {
        let longLabel = String(repeating: "a", count: 64) + ".example"
        let longName = Array(repeating: String(repeating: "b", count: 63), count: 4).joined(separator: ".")
        for bad in ["", ".", "a..b", "with space.example", "ümlaut.example", longLabel, longName] {
            #expect(throws: DHCPConfigurationError.invalidDomainName(bad)) {
                try DHCPInformConfiguration(serverIdentifier: F.server, domainName: bad)
            }
            #expect(throws: DHCPConfigurationError.invalidDomainName(bad)) {
                try DHCPInformConfiguration(serverIdentifier: F.server, domainSearch: ["ok.example", bad])
            }
        }
        #expect(throws: DHCPConfigurationError.invalidServerIdentifier(.any)) {
            try DHCPInformConfiguration(serverIdentifier: .any)
        }
        #expect(throws: DHCPConfigurationError.invalidServerIdentifier(.broadcast)) {
            try DHCPInformConfiguration(serverIdentifier: .broadcast)
        }
        #expect(throws: DHCPConfigurationError.invalidMaximumMessageSize(575)) {
            try DHCPInformConfiguration(serverIdentifier: F.server, maximumMessageSize: 575)
        }
        // 63-octet labels and a 253-character name are fine.
        let maximal = Array(repeating: String(repeating: "c", count: 63), count: 3).joined(separator: ".") + "." + String(repeating: "d", count: 61)
        #expect(maximal.count == 253)
        #expect(throws: Never.self) { try DHCPInformConfiguration(serverIdentifier: F.server, domainName: maximal) }
    }

    @Test func aLongDomainNameIsSplitLikeAnyLongOption() throws {
        // 253 characters fit one instance; a search list of ten such names does not.
        let name = Array(repeating: String(repeating: "c", count: 63), count: 3).joined(separator: ".") + "." + String(repeating: "d", count: 61)
        let names = (0..<10).map { "n\($0)." + String(name.dropFirst(3)) }
        let configuration = try DHCPInformConfiguration(serverIdentifier: F.server, domainSearch: names, maximumMessageSize: 4000)
        let reply = try DHCPInformResponderTests.answer(F.packet(F.bootp(requestList: [119], extraOptions: [57, 2, 0x0F, 0xA0])),
                                                        responder: DHCPInformResponder(configuration: configuration))
        let parsed = try ParsedReply(reply.packet)
        let instances = parsed.instances.filter { $0.code == 119 }
        #expect(instances.count > 1 && instances.allSatisfy { $0.data.count <= 255 })
        #expect(parsed.option(119).map { $0.elementsEqual(DomainName.searchList(names).joined()) } == true)
    }
}
