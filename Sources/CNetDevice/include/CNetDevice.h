#ifndef GATEHOUSE_CNETDEVICE_H
#define GATEHOUSE_CNETDEVICE_H

// Linux network-device calls whose structures (ifreq, rtentry, in6_rtmsg)
// Swift's Glibc module does not import. Every function returns 0 or a file
// descriptor on success and -errno on failure.

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/// Opens (creating if needed) the TUN device `name` without packet
/// information headers; `multiqueue` opens one more queue of a multi-queue
/// device. The kernel's name for it is written to `actual` (16 octets).
int gh_tun_open(const char *name, int multiqueue, char actual[16]);

int gh_interface_set_mtu(const char *name, int mtu);
int gh_interface_set_up(const char *name);
int gh_interface_index(const char *name);

/// Adds (`add` != 0) or deletes the route dst/prefix through `ifname`.
int gh_route_ipv4(int add, const uint8_t destination[4], int prefix, const char *ifname, int metric);
int gh_route_ipv6(int add, const uint8_t destination[16], int prefix, const char *ifname, int metric);

/// An eventfd for waking a thread blocked in poll (shutdown).
int gh_wakeup_fd(void);

/// One datagram for gh_send_batch.
struct gh_datagram {
    const void *data;
    size_t length;
    const struct sockaddr *address;
    socklen_t address_length;
};

/// Sends up to 64 datagrams on `fd` with one sendmmsg(2), without blocking.
/// Returns how many the kernel took (the rest were not sent), or -errno.
int gh_send_batch(int fd, const struct gh_datagram *datagrams, unsigned count);

/// Moves the calling thread into the network namespace `fd` refers to
/// (setns(2), CLONE_NEWNET); sockets it opens then belong there. For the
/// interop tests' own client, which must sit in the client's namespace.
int gh_enter_network_namespace(int fd);

#endif
