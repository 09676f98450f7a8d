#!/usr/bin/env python3
"""A bounded flood of IKE_SA_INIT requests, as a spoofing attacker sends it.

Every request is well formed (RFC 7296 §1.2): a fresh random initiator SPI,
one proposal the gateway accepts (AES-CBC-256, HMAC-SHA2-256, Curve25519),
a random 32-octet X25519 public value (any 32 octets are one) and a random
32-octet nonce. Requests come from every address in --sources in turn, at
--rate per second for --seconds, and never return a COOKIE, as an attacker
who cannot read the answers to forged addresses would not. The answers are
read only to be counted: COOKIE demands, IKE_SA_INIT responses with an SA,
other notifies. Used by the interop harness (`harness.sh flood start`).
"""
import argparse
import os
import selectors
import socket
import struct
import time

COOKIE = 16390


def transform(last, kind, ident, key_bits=None):
    attributes = struct.pack("!HH", 0x800E, key_bits) if key_bits else b""
    return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attributes), kind, 0, ident) + attributes


def payload(next_type, body):
    return struct.pack("!BBH", next_type, 0, 4 + len(body)) + body


def sa_payload():
    transforms = (transform(False, 1, 12, 256) + transform(False, 2, 5) + transform(False, 3, 12)
                  + transform(True, 4, 31))
    proposal = struct.pack("!BBHBBBB", 0, 0, 8 + len(transforms), 1, 1, 0, 4) + transforms
    return payload(34, proposal)  # next: KE


SA = sa_payload()


def request():
    """One IKE_SA_INIT request: HDR, SAi1, KEi, Ni."""
    body = SA + payload(40, struct.pack("!HH", 31, 0) + os.urandom(32)) + payload(0, os.urandom(32))
    spi = os.urandom(8)
    header = spi + bytes(8) + struct.pack("!BBBBII", 33, 0x20, 34, 0x08, 0, 28 + len(body))
    return header + body


def classify(answer, counts):
    if len(answer) < 28:
        counts["other"] += 1
    elif answer[16] == 41 and len(answer) >= 36 and struct.unpack("!H", answer[34:36])[0] == COOKIE:
        counts["cookie"] += 1
    elif answer[16] == 33:
        counts["sa"] += 1
    else:
        counts["other"] += 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", required=True)
    parser.add_argument("--port", type=int, default=500)
    parser.add_argument("--sources", required=True, help="a file with one source address per line")
    parser.add_argument("--rate", type=int, default=1000, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10)
    arguments = parser.parse_args()

    with open(arguments.sources) as file:
        sources = [line.strip() for line in file if line.strip()]
    selector = selectors.DefaultSelector()
    sockets = []
    for source in sources:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        sockets.append(sock)

    counts = {"cookie": 0, "sa": 0, "other": 0}
    target = (arguments.target, arguments.port)
    tick = 0.01  # send in batches every 10 ms
    per_tick = max(1, round(arguments.rate * tick))
    start = time.monotonic()
    deadline = start + arguments.seconds
    sent = errors = 0
    next_tick = start
    while True:
        now = time.monotonic()
        if now >= deadline:
            break
        if now >= next_tick:
            for _ in range(per_tick):
                try:
                    sockets[sent % len(sockets)].sendto(request(), target)
                except OSError:
                    errors += 1
                sent += 1
            next_tick += tick
        for key, _ in selector.select(timeout=max(0.0, min(next_tick, deadline) - time.monotonic())):
            try:
                while True:
                    classify(key.fileobj.recv(2048), counts)
            except BlockingIOError:
                pass
            except OSError:  # an ICMP error queued on the socket
                counts["other"] += 1
    elapsed = time.monotonic() - start
    print(f"sent {sent} IKE_SA_INIT requests from {len(sockets)} addresses in {elapsed:.1f} s "
          f"({sent / elapsed:.0f}/s, {errors} send errors); answers: {counts['cookie']} COOKIE, "
          f"{counts['sa']} with an SA, {counts['other']} other", flush=True)


if __name__ == "__main__":
    main()
