#!/usr/bin/env python3
"""A UDP proxy that delays RADIUS datagrams by a fixed time each way.

For the RADIUS latency benchmark (issue 6): the gateway's RADIUS client talks
to this proxy as if it were the server, and every Access-Request /
Accounting-Request and every answer waits DELAY ms before it is forwarded, so
a round trip costs 2 x DELAY more. Datagrams are forwarded unchanged: RADIUS
authenticators do not cover addresses (RFC 2865 §3), but the server sees the
proxy's address as the client's, so the server must know the proxy as a
client with the same shared secret (Tests/Interop/freeradius/clients.conf has
203.0.113.12).

Each client address and port gets its own upstream socket, bound to the
listen address, so answers go back to the socket that asked (the gateway
matches answers by socket and identifier). Python 3 standard library only.

    radius_delay_proxy.py --listen 203.0.113.12 --upstream 203.0.113.10 \\
        --ports 1812,1813 --delay-ms 50
    radius_delay_proxy.py --listen 127.0.0.1 --upstream 127.0.0.1 --ports 11812:1812 --delay-ms 50

Only loopback and documentation addresses are accepted.
"""
import argparse
import asyncio
import ipaddress
import signal
import sys
import time

# Loopback and the documentation ranges (RFC 5737, RFC 2544's 198.18.0.0/15, RFC 3849).
ALLOWED = [ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "::1/128", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
    "198.18.0.0/15", "2001:db8::/32")]
IDLE_SECONDS = 120  # an upstream socket unused this long is closed


def allowed(address):
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in ALLOWED)


class Counters:
    def __init__(self):
        self.requests = 0
        self.answers = 0


class UpstreamSide(asyncio.DatagramProtocol):
    """The socket towards the server for one client address; answers go back
    out of the listening socket to that client after the delay."""

    def __init__(self, proxy, client):
        self.proxy = proxy
        self.client = client
        self.transport = None
        self.last_used = time.monotonic()

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data, _address):
        self.last_used = time.monotonic()
        self.proxy.counters.answers += 1
        self.proxy.later(lambda: self.proxy.transport.sendto(data, self.client))

    def error_received(self, _error):
        # ICMP from the server (port unreachable): the client times out, as
        # it would without the proxy.
        pass


class ListenSide(asyncio.DatagramProtocol):
    """The socket the gateway sends to, for one port pair."""

    def __init__(self, args, upstream_port, counters):
        self.args = args
        self.upstream_port = upstream_port
        self.counters = counters
        self.transport = None
        self.upstreams = {}  # client (address, port) -> UpstreamSide
        self.loop = asyncio.get_running_loop()

    def connection_made(self, transport):
        self.transport = transport

    def later(self, action):
        self.loop.call_later(self.args.delay_ms / 1000, action)

    def datagram_received(self, data, client):
        self.counters.requests += 1
        self.later(lambda: asyncio.ensure_future(self.forward(data, client)))

    async def forward(self, data, client):
        upstream = self.upstreams.get(client)
        if upstream is None:
            upstream = UpstreamSide(self, client)
            self.upstreams[client] = upstream
            await self.loop.create_datagram_endpoint(
                lambda: upstream, local_addr=(self.args.listen, 0),
                remote_addr=(self.args.upstream, self.upstream_port))
        upstream.last_used = time.monotonic()
        upstream.transport.sendto(data)

    def expire(self):
        now = time.monotonic()
        for client, upstream in list(self.upstreams.items()):
            if now - upstream.last_used > IDLE_SECONDS:
                upstream.transport.close()
                del self.upstreams[client]


def port_pairs(text):
    pairs = []
    for item in text.split(","):
        listen, _, upstream = item.partition(":")
        pairs.append((int(listen), int(upstream or listen)))
    return pairs


async def main():
    parser = argparse.ArgumentParser(description="Delay RADIUS over UDP by a fixed time each way.")
    parser.add_argument("--listen", required=True, help="address to listen on (and to send from)")
    parser.add_argument("--upstream", required=True, help="the RADIUS server's address")
    parser.add_argument("--ports", default="1812,1813",
                        help="comma-separated LISTEN[:UPSTREAM] ports (default 1812,1813)")
    parser.add_argument("--delay-ms", type=float, required=True, help="added delay each way, in ms")
    args = parser.parse_args()
    for address in (args.listen, args.upstream):
        if not allowed(address):
            parser.error(f"{address} is not a loopback or documentation address")
    if args.delay_ms < 0:
        parser.error("--delay-ms must not be negative")

    loop = asyncio.get_running_loop()
    counters = Counters()
    sides = []
    for listen_port, upstream_port in port_pairs(args.ports):
        _, side = await loop.create_datagram_endpoint(
            lambda up=upstream_port: ListenSide(args, up, counters), local_addr=(args.listen, listen_port))
        sides.append(side)
    print(f"delaying {args.listen} {args.ports} -> {args.upstream} by {args.delay_ms} ms each way",
          flush=True)

    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=10)
        except asyncio.TimeoutError:
            for side in sides:
                side.expire()
    print(f"forwarded {counters.requests} requests, {counters.answers} answers", flush=True)


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except OSError as error:
        print(f"radius_delay_proxy: {error}", file=sys.stderr)
        sys.exit(1)
