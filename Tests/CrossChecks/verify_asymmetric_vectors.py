#!/usr/bin/env python3
"""Re-checks the asymmetric-crypto test vectors in Tests/IKECryptoTests with
implementations that share no code with the Swift module: plain Python
integer arithmetic (modular exponentiation, affine elliptic-curve arithmetic,
EMSA-PKCS1-v1_5 and EMSA-PSS), and python `cryptography` for X25519.

The vectors are read from the Swift sources themselves, so a transcription
error in a test file makes this script fail.

    python3 Tests/CrossChecks/verify_asymmetric_vectors.py

Needs: python3 with `cryptography` and `mpmath` (pip install cryptography mpmath).
"""
import hashlib, math, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, '..', 'IKECryptoTests')

def source(name):
    return open(os.path.join(TESTS, name)).read()

def h(text):
    return bytes.fromhex("".join(text.split()))

def literal_fields(body):
    """label: "hex" or label: \"\"\"hex\"\"\" pairs in a Swift initializer call."""
    return {k: h(a or b) for k, a, b in re.findall(r'(\w+): (?:"""(.*?)"""|"([^"]*)")', body, re.S)}

def static_lets(body):
    return {k: (a or b) for k, a, b in re.findall(r'static let (\w+) = (?:"""(.*?)"""|"([^"]*)")', body, re.S)}

# ---- elliptic curves (FIPS 186-4 D.1.2), a = -3 ----
CURVES = {
 'p256': dict(p=2**256 - 2**224 + 2**192 + 2**96 - 1,
   b=0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B,
   g=(0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
      0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5),
   n=0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551, size=32),
 'p384': dict(p=2**384 - 2**128 - 2**96 + 2**32 - 1,
   b=0xB3312FA7E23EE7E4988E056BE3F82D19181D9C6EFE8141120314088F5013875AC656398D8A2ED19D2A85C8EDD3EC2AEF,
   g=(0xAA87CA22BE8B05378EB1C71EF320AD746E1D3B628BA79B9859F741E082542A385502F25DBF55296C3A545E3872760AB7,
      0x3617DE4A96262C6F5D9E98BF9292DC29F8F41DBD289A147CE9DA3113B5F0B8C00A60B1CE1D7E819D7A431D7C90EA0E5F),
   n=0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973, size=48),
 'p521': dict(p=2**521 - 1,
   b=0x0051953EB9618E1C9A1F929A21A0B68540EEA2DA725B99B315F3B8B489918EF109E156193951EC7E937B1652C0BD3BB1BF073573DF883D2C34F1EF451FD46B503F00,
   g=(0x00C6858E06B70404E9CD9E3ECB662395B4429C648139053FB521F828AF606B4D3DBAA14B5E77EFE75928FE1DC127A2FFA8DE3348B3C1856A429BF97E7E31C2E5BD66,
      0x011839296A789A3BC0045C8A5FB42C7D1BD998F54449579B446817AFBD17273E662C97EE72995EF42640C550B9013FAD0761353C7086A272C24088BE94769FD16650),
   n=0x01FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409, size=66),
}
CURVES['ecp256'], CURVES['ecp384'], CURVES['ecp521'] = CURVES['p256'], CURVES['p384'], CURVES['p521']

def ec_add(c, P, Q):
    p = c['p']
    if P is None: return Q
    if Q is None: return P
    if P[0] == Q[0] and (P[1] + Q[1]) % p == 0: return None
    if P == Q: l = (3 * P[0] * P[0] - 3) * pow(2 * P[1], -1, p) % p
    else: l = (Q[1] - P[1]) * pow(Q[0] - P[0], -1, p) % p
    x = (l * l - P[0] - Q[0]) % p
    return (x, (l * (P[0] - x) - P[1]) % p)

def ec_mul(c, k, P):
    R = None
    while k:
        if k & 1: R = ec_add(c, R, P)
        P = ec_add(c, P, P); k >>= 1
    return R

def I(b): return int.from_bytes(b, 'big')

def check_rfc5903():
    src = source('ECPKeyExchangeTests.swift')
    count = 0
    for body in re.findall(r'= ECDHVector\((.*?)\n    \)', src, re.S):
        group = re.search(r'group: \.(\w+)', body).group(1)
        c = CURVES[group]; f = literal_fields(body); n = c['size']
        assert all(len(f[k]) == n for k in ('i', 'gix', 'giy', 'r', 'grx', 'gry', 'girx')), group
        gi = ec_mul(c, I(f['i']), c['g']); gr = ec_mul(c, I(f['r']), c['g'])
        assert gi == (I(f['gix']), I(f['giy'])), group
        assert gr == (I(f['grx']), I(f['gry'])), group
        assert ec_mul(c, I(f['r']), gi)[0] == I(f['girx']) == ec_mul(c, I(f['i']), gr)[0], group
        count += 1
    assert count == 3
    print("ok  RFC 5903 section 8 ECDH vectors (3)")

def check_x25519():
    from cryptography.hazmat.primitives.asymmetric import x25519
    from cryptography.hazmat.primitives import serialization as s
    src = source('X25519KeyExchangeTests.swift')
    v = dict(re.findall(r'static let (\w+) = "([0-9a-f]+)"', src))
    raw = lambda k: k.public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
    a = x25519.X25519PrivateKey.from_private_bytes(h(v['alicePrivate']))
    b = x25519.X25519PrivateKey.from_private_bytes(h(v['bobPrivate']))
    assert raw(a) == h(v['alicePublic']) and raw(b) == h(v['bobPublic'])
    assert a.exchange(b.public_key()) == h(v['shared'])
    low = re.findall(r'"([0-9a-f]{64})",\s*//', src)
    assert len(low) == 7
    for u in low:
        for k in (b, x25519.X25519PrivateKey.generate()):
            try:
                k.exchange(x25519.X25519PublicKey.from_public_bytes(h(u)))
                raise AssertionError("low-order point not rejected: " + u)
            except ValueError:
                pass
    print("ok  RFC 7748 section 6.1 X25519 vector and 7 low-order points")

def check_modp():
    from mpmath import mp, mpf, pi, floor
    mp.dps = 1500
    src = source('MODPVectors.swift')
    primes = {name: I(h(text)) for name, text in re.findall(r'static let (modp\d+) = """(.*?)"""', src, re.S)}
    forms = {'modp1024': (1024, 129093), 'modp2048': (2048, 124476), 'modp3072': (3072, 1690314), 'modp4096': (4096, 240904)}
    for name, (n, k) in forms.items():
        # RFC 2409 section 6.2 / RFC 3526: p = 2^n - 2^(n-64) - 1 + 2^64 * ([2^(n-130) pi] + k)
        assert primes[name] == 2**n - 2**(n - 64) - 1 + 2**64 * (int(floor(mpf(2)**(n - 130) * pi)) + k), name
    print("ok  MODP primes equal the RFC closed forms (4)")
    for G in ('MODP1024', 'MODP2048'):
        f = {k: I(h(v)) for k, v in static_lets(re.search(r'enum %sVectors \{(.*?)\n\}' % G, src, re.S).group(1)).items()}
        p = primes[G.lower()]
        assert pow(2, f['xa'], p) == f['ga'] and pow(2, f['xb'], p) == f['gb'] and pow(2, f['xc'], p) == f['gc']
        assert pow(f['gb'], f['xa'], p) == f['gab'] == pow(f['ga'], f['xb'], p)
        assert pow(f['gc'], f['xa'], p) == f['gac'] < 2**(p.bit_length() - 8) and f['gc'] < 2**(p.bit_length() - 8)
    print("ok  MODP fixed-exponent vectors (2 groups)")

DIGEST_INFO = {
    'sha1': '3021300906052b0e03021a05000414', 'sha256': '3031300d060960864801650304020105000420',
    'sha384': '3041300d060960864801650304020205000430', 'sha512': '3051300d060960864801650304020305000440',
}

def emsa_pkcs1(msg, hname, k):  # RFC 8017 section 9.2
    t = bytes.fromhex(DIGEST_INFO[hname]) + hashlib.new(hname, msg).digest()
    return b'\x00\x01' + b'\xff' * (k - len(t) - 3) + b'\x00' + t

def check_rsa():
    src = source('SignatureVectors.swift')
    labs = {k: I(h(v)) for k, v in static_lets(re.search(r'enum RSALabsExample1 \{(.*?)\n    \}', src, re.S).group(1)).items()}
    n, e, d, p, q = labs['n'], labs['e'], labs['d'], labs['p'], labs['q']
    assert p * q == n and d * e % math.lcm(p - 1, q - 1) == 1
    assert labs['dp'] == d % (p - 1) and labs['dq'] == d % (q - 1) and labs['qinv'] == pow(q, -1, p)
    blk = static_lets(re.search(r'enum RSALabsExample1 \{(.*?)\n    \}', src, re.S).group(1))
    msg = h(blk['message'])
    assert pow(I(emsa_pkcs1(msg, 'sha1', 128)), d, n) == labs['signature']
    print("ok  RSA Labs PKCS#1 v1.5 Example 1.1 (SHA-1)")
    blk = re.search(r'enum NISTSigGen15 \{(.*?)\n    \}', src, re.S).group(1)
    k = {name: I(h(v)) for name, v in static_lets(blk).items()}
    n, e, d, p, q = k['n'], k['e'], k['d'], k['p'], k['q']
    assert p * q == n and d * e % math.lcm(p - 1, q - 1) == 1
    assert k['dp'] == d % (p - 1) and k['dq'] == d % (q - 1) and k['qinv'] == pow(q, -1, p)
    vectors = re.findall(r'\(\.(sha\d+),\s*(?:"""(.*?)"""|"([^"]*)"),\s*(?:"""(.*?)"""|"([^"]*)")\)', blk, re.S)
    assert len(vectors) == 4
    for hname, m1, m2, s1, s2 in vectors:
        sig = h(s1 or s2)
        assert len(sig) == 256 and pow(I(emsa_pkcs1(h(m1 or m2), hname, 256)), d, n) == I(sig), hname
        assert pow(I(sig), e, n) == I(emsa_pkcs1(h(m1 or m2), hname, 256))
    print("ok  NIST SigGen15 2048-bit PKCS#1 v1.5 signatures (4)")

def mgf1(seed, length, hname):
    out = b''; c = 0
    while len(out) < length:
        out += hashlib.new(hname, seed + c.to_bytes(4, 'big')).digest(); c += 1
    return out[:length]

def pss_verify(n, e, msg, sig, hname):  # RFC 8017 section 9.1.2, sLen = hLen
    hlen = hashlib.new(hname).digest_size
    embits = n.bit_length() - 1; emlen = (embits + 7) // 8
    assert len(sig) == (n.bit_length() + 7) // 8 and 0 < I(sig) < n
    em = pow(I(sig), e, n).to_bytes(emlen, 'big')
    assert em[-1] == 0xbc
    masked, H = em[:emlen - hlen - 1], em[emlen - hlen - 1:-1]
    db = bytes(x ^ y for x, y in zip(masked, mgf1(H, len(masked), hname)))
    db = bytes([db[0] & (0xff >> (8 * emlen - embits))]) + db[1:]
    ps = emlen - 2 * hlen - 2
    assert db[:ps] == b'\0' * ps and db[ps] == 1
    assert hashlib.new(hname, b'\0' * 8 + hashlib.new(hname, msg).digest() + db[-hlen:]).digest() == H

def spki_rsa(der):
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    numbers = load_der_public_key(der).public_numbers()
    return numbers.n, numbers.e

def check_pss():
    src = source('SignatureVectors.swift')
    total = 0
    for name in ('WycheproofPSS2048SHA256', 'WycheproofPSS2048SHA384', 'WycheproofPSS4096SHA512'):
        blk = re.search(r'enum %s \{(.*?)\n    \}' % name, src, re.S).group(1)
        hname = re.search(r'SignatureHashAlgorithm\.(sha\d+)', blk).group(1)
        n, e = spki_rsa(h(static_lets(blk)['subjectPublicKeyInfo']))
        tests = re.findall(r'\("([0-9a-f]*)",\s*(?:"""(.*?)"""|"([^"]*)")\)', blk, re.S)
        for msg, s1, s2 in tests:
            pss_verify(n, e, h(msg), h(s1 or s2), hname); total += 1
    print("ok  Wycheproof RSASSA-PSS signatures (%d)" % total)

def check_rfc4754():
    src = source('SignatureVectors.swift')
    count = 0
    for body in re.findall(r'= RFC4754\((.*?)\n    \)', src, re.S):
        curve = re.search(r'curve: \.(\w+)', body).group(1)
        hname = re.search(r'hash: \.(\w+)', body).group(1)
        c = CURVES[curve]; n = c['n']; f = literal_fields(body)
        assert all(len(f[x]) == c['size'] for x in ('w', 'gwx', 'gwy', 'k', 'r', 's')), curve
        w, k, r, s = (I(f[x]) for x in ('w', 'k', 'r', 's'))
        Q = ec_mul(c, w, c['g'])
        assert Q == (I(f['gwx']), I(f['gwy'])), curve
        e = I(hashlib.new(hname, b'abc').digest()) >> max(0, hashlib.new(hname).digest_size * 8 - n.bit_length())
        assert ec_mul(c, k, c['g'])[0] % n == r and pow(k, -1, n) * (e + r * w) % n == s, curve
        X = ec_add(c, ec_mul(c, e * pow(s, -1, n) % n, c['g']), ec_mul(c, r * pow(s, -1, n) % n, Q))
        assert X[0] % n == r, curve
        count += 1
    assert count == 3
    print("ok  RFC 4754 section 8 ECDSA vectors (3)")

if __name__ == '__main__':
    check_rfc5903(); check_x25519(); check_modp(); check_rsa(); check_pss(); check_rfc4754()
    print("all asymmetric vectors check out")
