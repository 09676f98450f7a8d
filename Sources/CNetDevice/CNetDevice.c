#define _GNU_SOURCE
#include "CNetDevice.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/route.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <unistd.h>

int gh_tun_open(const char *name, int multiqueue, char actual[16]) {
    int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    if (fd < 0) return -errno;
    struct ifreq request;
    memset(&request, 0, sizeof request);
    request.ifr_flags = IFF_TUN | IFF_NO_PI | (multiqueue ? IFF_MULTI_QUEUE : 0);
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &request) < 0) {
        int error = errno;
        close(fd);
        return -error;
    }
    memcpy(actual, request.ifr_name, IFNAMSIZ);
    actual[IFNAMSIZ - 1] = 0;
    return fd;
}

static int with_interface(const char *name, unsigned long operation, struct ifreq *request) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    strncpy(request->ifr_name, name, IFNAMSIZ - 1);
    int status = ioctl(fd, operation, request) < 0 ? -errno : 0;
    close(fd);
    return status;
}

int gh_interface_set_mtu(const char *name, int mtu) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    request.ifr_mtu = mtu;
    return with_interface(name, SIOCSIFMTU, &request);
}

int gh_interface_set_up(const char *name) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    int status = with_interface(name, SIOCGIFFLAGS, &request);
    if (status < 0) return status;
    request.ifr_flags |= IFF_UP | IFF_RUNNING;
    return with_interface(name, SIOCSIFFLAGS, &request);
}

int gh_interface_index(const char *name) {
    unsigned int index = if_nametoindex(name);
    return index == 0 ? -errno : (int)index;
}

int gh_route_ipv4(int add, const uint8_t destination[4], int prefix, const char *ifname, int metric) {
    if (prefix < 0 || prefix > 32) return -EINVAL;
    struct rtentry route;
    memset(&route, 0, sizeof route);
    struct sockaddr_in *dst = (struct sockaddr_in *)&route.rt_dst;
    struct sockaddr_in *mask = (struct sockaddr_in *)&route.rt_genmask;
    dst->sin_family = AF_INET;
    memcpy(&dst->sin_addr, destination, 4);
    mask->sin_family = AF_INET;
    mask->sin_addr.s_addr = prefix == 0 ? 0 : htonl(0xFFFFFFFFu << (32 - prefix));
    route.rt_flags = RTF_UP | (prefix == 32 ? RTF_HOST : 0);
    route.rt_metric = (short)(metric + 1);  // the kernel subtracts one (route(8))
    char device[IFNAMSIZ];
    strncpy(device, ifname, IFNAMSIZ - 1);
    device[IFNAMSIZ - 1] = 0;
    route.rt_dev = device;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int status = ioctl(fd, add ? SIOCADDRT : SIOCDELRT, &route) < 0 ? -errno : 0;
    close(fd);
    return status;
}

int gh_route_ipv6(int add, const uint8_t destination[16], int prefix, const char *ifname, int metric) {
    if (prefix < 0 || prefix > 128) return -EINVAL;
    int index = gh_interface_index(ifname);
    if (index < 0) return index;
    struct in6_rtmsg route;
    memset(&route, 0, sizeof route);
    memcpy(&route.rtmsg_dst, destination, 16);
    route.rtmsg_dst_len = (unsigned short)prefix;
    route.rtmsg_flags = RTF_UP | (prefix == 128 ? RTF_HOST : 0);
    route.rtmsg_metric = (unsigned int)(metric == 0 ? 1 : metric);
    route.rtmsg_ifindex = index;
    int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int status = ioctl(fd, add ? SIOCADDRT : SIOCDELRT, &route) < 0 ? -errno : 0;
    close(fd);
    return status;
}

int gh_wakeup_fd(void) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return fd < 0 ? -errno : fd;
}

int gh_enter_network_namespace(int fd) {
    return setns(fd, CLONE_NEWNET) < 0 ? -errno : 0;
}

int gh_send_batch(int fd, const struct gh_datagram *datagrams, unsigned count) {
    struct mmsghdr messages[64];
    struct iovec vectors[64];
    if (count > 64) count = 64;
    memset(messages, 0, sizeof(struct mmsghdr) * count);
    for (unsigned index = 0; index < count; index++) {
        vectors[index].iov_base = (void *)datagrams[index].data;
        vectors[index].iov_len = datagrams[index].length;
        messages[index].msg_hdr.msg_iov = &vectors[index];
        messages[index].msg_hdr.msg_iovlen = 1;
        messages[index].msg_hdr.msg_name = (void *)datagrams[index].address;
        messages[index].msg_hdr.msg_namelen = datagrams[index].address_length;
    }
    int sent = sendmmsg(fd, messages, count, MSG_DONTWAIT);
    return sent < 0 ? -errno : sent;
}
