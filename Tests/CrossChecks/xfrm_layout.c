/*
 * The XFRM netlink structures as the C compiler lays them out from the
 * installed kernel headers (<linux/xfrm.h>, <linux/netlink.h>), for
 * XFRMTests, which compiles this file with `cc` and checks every size and
 * offset against the Swift module's layout table, then parses the replies
 * printed by `replies` (built with these structs, sharing no code with the
 * Swift encoder or decoder).
 *
 *   cc -std=c11 -Wall -Werror -o xfrm_layout Tests/CrossChecks/xfrm_layout.c
 *   ./xfrm_layout layout     # "name value" lines: sizes and offsets
 *   ./xfrm_layout replies    # one hex line per sample kernel reply
 */
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#define SIZE(type) printf("sizeof(%s) %zu\n", #type, sizeof(struct type))
#define OFFSET(type, field) printf("%s.%s %zu\n", #type, #field, offsetof(struct type, field))

static void layout(void) {
    SIZE(nlmsghdr);
    SIZE(nlmsgerr);
    SIZE(nlattr);
    SIZE(sockaddr_nl);
    OFFSET(sockaddr_nl, nl_family); OFFSET(sockaddr_nl, nl_pid); OFFSET(sockaddr_nl, nl_groups);
    printf("sizeof(xfrm_address_t) %zu\n", sizeof(xfrm_address_t));
    SIZE(xfrm_selector);
    OFFSET(xfrm_selector, daddr); OFFSET(xfrm_selector, saddr);
    OFFSET(xfrm_selector, dport); OFFSET(xfrm_selector, dport_mask);
    OFFSET(xfrm_selector, sport); OFFSET(xfrm_selector, sport_mask);
    OFFSET(xfrm_selector, family); OFFSET(xfrm_selector, prefixlen_d);
    OFFSET(xfrm_selector, prefixlen_s); OFFSET(xfrm_selector, proto);
    OFFSET(xfrm_selector, ifindex); OFFSET(xfrm_selector, user);
    SIZE(xfrm_id);
    OFFSET(xfrm_id, daddr); OFFSET(xfrm_id, spi); OFFSET(xfrm_id, proto);
    SIZE(xfrm_lifetime_cfg);
    OFFSET(xfrm_lifetime_cfg, soft_byte_limit); OFFSET(xfrm_lifetime_cfg, hard_byte_limit);
    OFFSET(xfrm_lifetime_cfg, soft_packet_limit); OFFSET(xfrm_lifetime_cfg, hard_packet_limit);
    OFFSET(xfrm_lifetime_cfg, soft_add_expires_seconds); OFFSET(xfrm_lifetime_cfg, hard_add_expires_seconds);
    OFFSET(xfrm_lifetime_cfg, soft_use_expires_seconds); OFFSET(xfrm_lifetime_cfg, hard_use_expires_seconds);
    SIZE(xfrm_lifetime_cur);
    OFFSET(xfrm_lifetime_cur, bytes); OFFSET(xfrm_lifetime_cur, packets);
    OFFSET(xfrm_lifetime_cur, add_time); OFFSET(xfrm_lifetime_cur, use_time);
    SIZE(xfrm_stats);
    OFFSET(xfrm_stats, replay_window); OFFSET(xfrm_stats, replay); OFFSET(xfrm_stats, integrity_failed);
    SIZE(xfrm_replay_state);
    OFFSET(xfrm_replay_state, oseq); OFFSET(xfrm_replay_state, seq); OFFSET(xfrm_replay_state, bitmap);
    SIZE(xfrm_replay_state_esn);
    OFFSET(xfrm_replay_state_esn, bmp_len); OFFSET(xfrm_replay_state_esn, oseq);
    OFFSET(xfrm_replay_state_esn, seq); OFFSET(xfrm_replay_state_esn, oseq_hi);
    OFFSET(xfrm_replay_state_esn, seq_hi); OFFSET(xfrm_replay_state_esn, replay_window);
    OFFSET(xfrm_replay_state_esn, bmp);
    SIZE(xfrm_algo);
    OFFSET(xfrm_algo, alg_name); OFFSET(xfrm_algo, alg_key_len); OFFSET(xfrm_algo, alg_key);
    SIZE(xfrm_algo_auth);
    OFFSET(xfrm_algo_auth, alg_name); OFFSET(xfrm_algo_auth, alg_key_len);
    OFFSET(xfrm_algo_auth, alg_trunc_len); OFFSET(xfrm_algo_auth, alg_key);
    SIZE(xfrm_algo_aead);
    OFFSET(xfrm_algo_aead, alg_name); OFFSET(xfrm_algo_aead, alg_key_len);
    OFFSET(xfrm_algo_aead, alg_icv_len); OFFSET(xfrm_algo_aead, alg_key);
    SIZE(xfrm_encap_tmpl);
    OFFSET(xfrm_encap_tmpl, encap_type); OFFSET(xfrm_encap_tmpl, encap_sport);
    OFFSET(xfrm_encap_tmpl, encap_dport); OFFSET(xfrm_encap_tmpl, encap_oa);
    SIZE(xfrm_usersa_info);
    OFFSET(xfrm_usersa_info, sel); OFFSET(xfrm_usersa_info, id); OFFSET(xfrm_usersa_info, saddr);
    OFFSET(xfrm_usersa_info, lft); OFFSET(xfrm_usersa_info, curlft); OFFSET(xfrm_usersa_info, stats);
    OFFSET(xfrm_usersa_info, seq); OFFSET(xfrm_usersa_info, reqid); OFFSET(xfrm_usersa_info, family);
    OFFSET(xfrm_usersa_info, mode); OFFSET(xfrm_usersa_info, replay_window); OFFSET(xfrm_usersa_info, flags);
    SIZE(xfrm_usersa_id);
    OFFSET(xfrm_usersa_id, daddr); OFFSET(xfrm_usersa_id, spi);
    OFFSET(xfrm_usersa_id, family); OFFSET(xfrm_usersa_id, proto);
    SIZE(xfrm_userpolicy_info);
    OFFSET(xfrm_userpolicy_info, sel); OFFSET(xfrm_userpolicy_info, lft); OFFSET(xfrm_userpolicy_info, curlft);
    OFFSET(xfrm_userpolicy_info, priority); OFFSET(xfrm_userpolicy_info, index); OFFSET(xfrm_userpolicy_info, dir);
    OFFSET(xfrm_userpolicy_info, action); OFFSET(xfrm_userpolicy_info, flags); OFFSET(xfrm_userpolicy_info, share);
    SIZE(xfrm_userpolicy_id);
    OFFSET(xfrm_userpolicy_id, sel); OFFSET(xfrm_userpolicy_id, index); OFFSET(xfrm_userpolicy_id, dir);
    SIZE(xfrm_user_tmpl);
    OFFSET(xfrm_user_tmpl, id); OFFSET(xfrm_user_tmpl, family); OFFSET(xfrm_user_tmpl, saddr);
    OFFSET(xfrm_user_tmpl, reqid); OFFSET(xfrm_user_tmpl, mode); OFFSET(xfrm_user_tmpl, share);
    OFFSET(xfrm_user_tmpl, optional); OFFSET(xfrm_user_tmpl, aalgos); OFFSET(xfrm_user_tmpl, ealgos);
    OFFSET(xfrm_user_tmpl, calgos);
}

static unsigned char buffer[4096];

static void print_hex(const char *name, size_t length) {
    printf("%s ", name);
    for (size_t i = 0; i < length; i++) printf("%02x", buffer[i]);
    printf("\n");
}

/* Appends an attribute at `offset` (NLA_ALIGN'd) and returns the new end. */
static size_t put_attribute(size_t offset, unsigned short type, const void *data, size_t length) {
    struct nlattr *attribute = (struct nlattr *)(buffer + offset);
    attribute->nla_len = NLA_HDRLEN + length;
    attribute->nla_type = type;
    memcpy(buffer + offset + NLA_HDRLEN, data, length);
    return offset + NLA_ALIGN(NLA_HDRLEN + length);
}

/* What the kernel answers XFRM_MSG_GETSA with (net/xfrm/xfrm_user.c,
 * xfrm_get_sa -> xfrm_state_netlink -> dump_one_state): an XFRM_MSG_NEWSA
 * with xfrm_usersa_info, then attributes including the keys and the replay
 * state, in copy_to_user_state_extra's order. */
static size_t state_reply(int esn) {
    memset(buffer, 0, sizeof buffer);
    struct nlmsghdr *header = (struct nlmsghdr *)buffer;
    header->nlmsg_type = XFRM_MSG_NEWSA;
    header->nlmsg_flags = 0;
    header->nlmsg_seq = 0x01020304;
    header->nlmsg_pid = 4242;
    struct xfrm_usersa_info *info = NLMSG_DATA(header);
    inet_pton(AF_INET, "192.0.2.2", &info->id.daddr.a4);
    info->id.spi = htonl(0xc0ffee01);
    info->id.proto = IPPROTO_ESP;
    inet_pton(AF_INET, "192.0.2.1", &info->saddr.a4);
    info->family = AF_INET;
    info->mode = XFRM_MODE_TUNNEL;
    info->reqid = 7;
    info->lft.soft_byte_limit = XFRM_INF;
    info->lft.hard_byte_limit = XFRM_INF;
    info->lft.soft_packet_limit = XFRM_INF;
    info->lft.hard_packet_limit = XFRM_INF;
    info->curlft.bytes = 0x0000000123456789ULL;
    info->curlft.packets = 0x10000ULL + 77;
    info->curlft.add_time = 1700000000ULL;
    info->curlft.use_time = 1700000100ULL;
    info->stats.replay_window = 3;
    info->stats.replay = 5;
    info->stats.integrity_failed = 11;
    size_t end = NLMSG_LENGTH(sizeof *info);
    uint64_t lastused = 1700000200ULL;
    end = put_attribute(end, XFRMA_LASTUSED, &lastused, sizeof lastused);
    struct { struct xfrm_algo_auth algo; unsigned char key[20]; } auth;
    memset(&auth, 0, sizeof auth);
    strcpy(auth.algo.alg_name, "hmac(sha1)");
    auth.algo.alg_key_len = 160;
    auth.algo.alg_trunc_len = 96;
    memset(auth.key, 0xAA, sizeof auth.key);
    end = put_attribute(end, XFRMA_ALG_AUTH_TRUNC, &auth, sizeof auth);
    struct { struct xfrm_algo algo; unsigned char key[16]; } crypt;
    memset(&crypt, 0, sizeof crypt);
    strcpy(crypt.algo.alg_name, "cbc(aes)");
    crypt.algo.alg_key_len = 128;
    memset(crypt.key, 0xBB, sizeof crypt.key);
    end = put_attribute(end, XFRMA_ALG_CRYPT, &crypt, sizeof crypt);
    if (esn) {
        struct { struct xfrm_replay_state_esn state; uint32_t bmp[4]; } replay;
        memset(&replay, 0, sizeof replay);
        replay.state.bmp_len = 4;
        replay.state.oseq = 0x1000;
        replay.state.seq = 0x2000;
        replay.state.oseq_hi = 1;
        replay.state.seq_hi = 2;
        replay.state.replay_window = 128;
        replay.bmp[0] = 0xffffffff;
        replay.bmp[3] = 0x80000000;
        end = put_attribute(end, XFRMA_REPLAY_ESN_VAL, &replay, sizeof replay);
    } else {
        struct xfrm_replay_state replay = { .oseq = 40, .seq = 41, .bitmap = 0x7 };
        end = put_attribute(end, XFRMA_REPLAY_VAL, &replay, sizeof replay);
    }
    header->nlmsg_len = end;
    return end;
}

/* An error answer with the extended ack message (NLM_F_ACK_TLVS) and a
 * capped echo (NLM_F_CAPPED: only the request's header), as the kernel sends
 * to a socket with NETLINK_EXT_ACK and NETLINK_CAP_ACK set
 * (net/netlink/af_netlink.c, netlink_ack). */
static size_t error_reply(int error, const char *message) {
    memset(buffer, 0, sizeof buffer);
    struct nlmsghdr *header = (struct nlmsghdr *)buffer;
    header->nlmsg_type = NLMSG_ERROR;
    header->nlmsg_flags = NLM_F_CAPPED | (message ? NLM_F_ACK_TLVS : 0);
    header->nlmsg_seq = 99;
    header->nlmsg_pid = 4242;
    struct nlmsgerr *body = NLMSG_DATA(header);
    body->error = -error;
    body->msg.nlmsg_len = 424;
    body->msg.nlmsg_type = XFRM_MSG_NEWSA;
    body->msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    body->msg.nlmsg_seq = 99;
    size_t end = NLMSG_LENGTH(sizeof *body);
    if (message) end = put_attribute(end, NLMSGERR_ATTR_MSG, message, strlen(message) + 1);
    header->nlmsg_len = end;
    return end;
}

/* A multi-part answer in one datagram, as a dump sends it: two states with
 * NLM_F_MULTI, then NLMSG_DONE carrying an int 0 (netlink_dump_done). */
static size_t dump_reply(void) {
    static unsigned char datagram[sizeof buffer];
    size_t first = state_reply(0);
    ((struct nlmsghdr *)buffer)->nlmsg_flags = NLM_F_MULTI;
    memcpy(datagram, buffer, first);
    size_t second = state_reply(1);
    ((struct nlmsghdr *)buffer)->nlmsg_flags = NLM_F_MULTI;
    memcpy(datagram + NLMSG_ALIGN(first), buffer, second);
    size_t end = NLMSG_ALIGN(first) + NLMSG_ALIGN(second);
    struct nlmsghdr *done = (struct nlmsghdr *)(datagram + end);
    memset(done, 0, NLMSG_LENGTH(sizeof(int)));
    done->nlmsg_len = NLMSG_LENGTH(sizeof(int));
    done->nlmsg_type = NLMSG_DONE;
    done->nlmsg_flags = NLM_F_MULTI;
    done->nlmsg_seq = 0x01020304;
    done->nlmsg_pid = 4242;
    end += NLMSG_ALIGN(done->nlmsg_len);
    memcpy(buffer, datagram, end);
    return end;
}

static void replies(void) {
    print_hex("state-replay", state_reply(0));
    print_hex("state-esn", state_reply(1));
    print_hex("error-extack", error_reply(93 /* EPROTONOSUPPORT */, "Requested type not found"));
    print_hex("ack", error_reply(0, NULL));
    print_hex("dump", dump_reply());
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "layout") == 0) layout();
    else if (argc == 2 && strcmp(argv[1], "replies") == 0) replies();
    else { fprintf(stderr, "usage: %s layout|replies\n", argv[0]); return 2; }
    return 0;
}
