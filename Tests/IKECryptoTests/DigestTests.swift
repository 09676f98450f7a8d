import Testing
import TestSupport
@testable import IKECrypto

/// SHA test vectors from FIPS 180-2 Appendices A–C (also RFC 6234 §8.5):
/// the one-block message "abc", plus the empty message.
/// Cross-checked with Python's hashlib.
@Suite struct DigestTests {
    @Test func sha1() throws {
        // FIPS 180-2 Appendix A.1: SHA-1("abc").
        #expect(try Digest.sha1(ascii("abc")) == hex("a9993e364706816aba3e25717850c26c9cd0d89d"))
        #expect(try Digest.sha1([UInt8]()) == hex("da39a3ee5e6b4b0d3255bfef95601890afd80709"))
    }

    @Test func sha256() throws {
        // FIPS 180-2 Appendix B.1: SHA-256("abc").
        #expect(try Digest.sha256(ascii("abc")) == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        // FIPS 180-2 Appendix B.2: the 448-bit two-block message.
        #expect(try Digest.sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
            == hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"))
    }

    @Test func sha384() throws {
        // FIPS 180-2 Appendix D.1: SHA-384("abc").
        #expect(try Digest.sha384(ascii("abc")) == hex("""
            cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed
            8086072ba1e7cc2358baeca134c825a7
            """))
        #expect(try Digest.sha384([UInt8]()) == hex("""
            38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da
            274edebfe76f65fbd51ad2f14898b95b
            """))
    }

    @Test func sha512() throws {
        // FIPS 180-2 Appendix C.1: SHA-512("abc").
        #expect(try Digest.sha512(ascii("abc")) == hex("""
            ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a
            2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f
            """))
    }

    @Test func nonContiguousAndMultiPartInputMatchOneShot() throws {
        // A lazily mapped collection has no contiguous storage; the split
        // input exercises concatenation without copying.
        let lazyABC = [UInt8](ascii("abc")).lazy.map { $0 }
        #expect(try Digest.sha256(lazyABC) == Digest.sha256(ascii("abc")))
        #expect(try Digest.hash(.sha256, concatenating: [ascii("ab"), ascii("c")]) == Digest.sha256(ascii("abc")))
        #expect(try Digest.hash(.sha256, concatenating: [ascii("ab"), ascii("d")]) != Digest.sha256(ascii("abc")))
    }

    @Test func md5() throws {
        // RFC 1321 §A.5 test suite.
        #expect(try Digest.hash(.md5, ascii("")) == hex("d41d8cd98f00b204e9800998ecf8427e"))
        #expect(try Digest.hash(.md5, ascii("abc")) == hex("900150983cd24fb0d6963f7d28e17f72"))
        #expect(try Digest.hash(.md5, ascii("message digest")) == hex("f96b697d7cb7938d525a2f31aaf161d0"))
    }

    @Test func hmacMD5() throws {
        // RFC 2104 Appendix (and RFC 2202 §2) test cases 1 and 2.
        #expect(try HMAC.authenticationCode(.md5, key: [UInt8](repeating: 0x0b, count: 16), concatenating: [ascii("Hi There")])
            == hex("9294727a3638bb1c13f48ef8158bfc9d"))
        #expect(try HMAC.authenticationCode(.md5, key: ascii("Jefe"), concatenating: [ascii("what do ya want "), ascii("for nothing?")])
            == hex("750c783e6ab0b503eaa86e310a5db738"))
    }

    @Test func outputSizes() throws {
        for algorithm in DigestAlgorithm.allCases {
            #expect(try Digest.hash(algorithm, ascii("x")).count == algorithm.outputSize)
        }
    }
}
