#!/usr/bin/env python3
"""Computes the RADIUS test vectors in Tests/RADIUSTests/RADIUSCrossCheckTests.swift
with an implementation that shares no code with the Swift module: Python's
hashlib (MD5) and hmac (HMAC-MD5), packets built by hand.

    python3 Tests/CrossChecks/radius_vectors.py

Prints each vector as hex; the Swift tests hard-code this output. Needs only
the Python 3 standard library.

- Access-Request with EAP-Message and Message-Authenticator (RFC 3579 §3.2:
  HMAC-MD5 over the packet with the Message-Authenticator zeroed, keyed
  with the shared secret).
- Access-Challenge answering it: Message-Authenticator computed with the
  Request Authenticator, then the Response Authenticator (RFC 2865 §3).
- Access-Accept with MS-MPPE-Recv-Key and MS-MPPE-Send-Key (RFC 2548
  §2.4.2/§2.4.3 salt encryption) carrying the RFC 3079 §3.5.3 keys of the
  RFC 2759 §9.2 example, plus EAP-Success, Message-Authenticator and the
  Response Authenticator.
- Accounting-Request (RFC 2866 §3 authenticator) and its Accounting-Response.
"""
import hashlib, hmac, struct

SECRET = b"xyzzy5461"
REQUEST_AUTH = bytes(range(0xA0, 0xB0))

def attr(t, v):
    assert len(v) <= 253
    return bytes([t, len(v) + 2]) + v

def packet(code, ident, auth, attrs):
    return bytes([code, ident]) + struct.pack(">H", 20 + len(attrs)) + auth + attrs

def with_message_authenticator(pkt, auth_field):
    """Fills the (zeroed) Message-Authenticator of pkt, computed with
    auth_field in the Authenticator."""
    i = pkt.index(bytes([80, 18]) + bytes(16), 20)
    mac = hmac.new(SECRET, pkt[:4] + auth_field + pkt[20:], hashlib.md5).digest()
    return pkt[:i + 2] + mac + pkt[i + 18:]

def response_signed(pkt, request_auth):
    pkt = with_message_authenticator(pkt, request_auth) if bytes([80, 18]) in pkt[20:] else pkt
    auth = hashlib.md5(pkt[:4] + request_auth + pkt[20:] + SECRET).digest()
    return pkt[:4] + auth + pkt[20:]

def mppe_encrypt(key, salt, request_auth):
    plain = bytes([len(key)]) + key
    plain += bytes(-len(plain) % 16)
    out, chain = b"", request_auth + salt
    for i in range(0, len(plain), 16):
        b = hashlib.md5(SECRET + chain).digest()
        c = bytes(x ^ y for x, y in zip(plain[i:i + 16], b))
        out += c
        chain = c
    return salt + out

def vsa(vendor, sub_type, value):
    return attr(26, struct.pack(">I", vendor) + bytes([sub_type, len(value) + 2]) + value)

MA = attr(80, bytes(16))
EAP_IDENTITY_RESPONSE = bytes([2, 1, 0, 9, 1]) + b"nemo"
# An EAP-MSCHAPv2 Challenge (RFC 2759 §9.2 Authenticator Challenge), EAP id 2.
EAP_CHALLENGE = bytes([1, 2, 0, 0x1a, 26, 1, 2, 0, 0x15, 16]) + bytes.fromhex("5B5D7C7D7B3F2F3E3C2C602132262628")
EAP_CHALLENGE = EAP_CHALLENGE + b"srv"
EAP_CHALLENGE = EAP_CHALLENGE[:2] + struct.pack(">H", len(EAP_CHALLENGE)) + EAP_CHALLENGE[4:]
STATE = bytes.fromhex("0123456789abcdef")

access_request = with_message_authenticator(packet(1, 7, REQUEST_AUTH,
    attr(1, b"nemo") + attr(32, b"gatehouse") + attr(61, struct.pack(">I", 5))
    + attr(79, EAP_IDENTITY_RESPONSE) + MA), REQUEST_AUTH)
print("accessRequest", access_request.hex())

access_challenge = response_signed(packet(11, 7, bytes(16),
    attr(79, EAP_CHALLENGE) + attr(24, STATE) + MA), REQUEST_AUTH)
print("accessChallenge", access_challenge.hex())

# RFC 3079 §3.5.3: the server's receive key (Magic2) and send key (Magic3).
RECV_KEY = bytes.fromhex("D5F0E9521E3EA9589645E86051C82226")
SEND_KEY = bytes.fromhex("8B7CDC149B993A1BA118CB153F56DCCB")
recv_value = mppe_encrypt(RECV_KEY, bytes([0x80, 0x01]), REQUEST_AUTH)
send_value = mppe_encrypt(SEND_KEY, bytes([0x80, 0x02]), REQUEST_AUTH)
print("mppeRecvValue", recv_value.hex())
print("mppeSendValue", send_value.hex())
# A 32-octet key with the high-bit salt 0xFFFF, to cover more than one block chain.
long_key = bytes(range(32))
print("mppeLongValue", mppe_encrypt(long_key, bytes([0xFF, 0xFF]), REQUEST_AUTH).hex())

access_accept = response_signed(packet(2, 7, bytes(16),
    vsa(311, 17, recv_value) + vsa(311, 16, send_value) + attr(79, bytes([3, 3, 0, 4])) + MA), REQUEST_AUTH)
print("accessAccept", access_accept.hex())

acct = packet(4, 9, bytes(16), attr(40, struct.pack(">I", 1)) + attr(44, b"gh-0001") + attr(1, b"nemo"))
acct_auth = hashlib.md5(acct + SECRET).digest()
accounting_request = acct[:4] + acct_auth + acct[20:]
print("accountingRequest", accounting_request.hex())
print("accountingResponse", response_signed(packet(5, 9, bytes(16), b""), acct_auth).hex())
