/* extract.c: fields -> observations (see extract.h).
 *
 * Cost first: tshark fills every wanted field of every frame, and wanting any IP field makes
 * the IP dissector build its whole subtree on every frame (packet-ip.c skips it only while
 * nothing references ip). So pptpdiag wants no IP field at all, and only items that exist in
 * the frames it reads: the gre, icmp, icmpv6, dns, l2tp and pptp protocol items, pppoe.code
 * and tcp.analysis.spurious_retransmission; not even tcp (in every TCP frame): a TCP 1723
 * segment's IP header is found from pinfo's addresses and ports (hdr_ip_of_tcp), nor isakmp: an
 * IKE message's UDP header the same way (hdr_ip_of_udp, pptpdiag_ike_packet), nor esp (in
 * every frame of an IPsec tunnel's data): an ESP packet is told from pinfo (pptpdiag_esp_packet)
 * and its IP header found the same way (hdr_ip_of_esp). Each wanted field costs every frame (tshark
 * primes it for each dissection, some 3.7 M instructions per field on bench (b)): the PPP
 * options, whether a PPP frame is malformed and the DNS question and answers, once read from
 * the tree, are read from the bytes. Fixed-layout headers are read from the packet bytes where
 * Wireshark's items say they are, by the readers of headers.h (headers-ip.h, headers-gre.h,
 * headers-ppp.h, headers-pptp.h, headers-dns.h): the IP header that ends where the chosen
 * gre/icmp/icmpv6/dns/l2tp item begins (the one whose addresses are pinfo's, else the
 * only one that fits), the TCP and enhanced GRE headers, the PPP frame after GRE, PPPoE or L2TP
 * with its options, the ICMP header with its quoted IP header, the DNS message (hdr_dns_at), the
 * PPTP control messages (extract-pptp.c), the PPPoE header and tags (extract-pppoe.c), the
 * L2TP header and AVPs (extract-l2tp.c), the IKE header and payloads (extract-ike.c) and the
 * ESP header's SPI and Sequence Number (extract-esp.c). An item in a data source Wireshark built
 * for the frame (a packet reassembled from IP fragments) is read there, with the IP header of
 * the fragment in the frame's own bytes (hdr_ip_reassembled).
 * A frame the snapshot length cut short gets its captured length and what the cut took of what
 * these readers read (cut_lost).
 * TCP between ports that are not PPTP's costs the search for its IPv4 header the same way (a
 * memchr for pinfo's addresses over the first bytes) and the TCP flags read in place
 * (hdr_tcp_flags_of): only a SYN without ACK gives an observation (PD_OBS_TCP_SYN: a port
 * scan's probe, counted by the engine), every other segment none; a frame longer than a SYN
 * without data can be (SYN_FRAME_MAX) costs nothing more. Whether a TCP 1723 segment's
 * payload begins with a PPTP header (8 bytes, hdr_pptp_start) is read for the segments with
 * payload (whether a segment was missing before it the engine tells from the sequence
 * numbers). A pcapng drop count comes from the record's block, not from an item
 * (pptpdiag_extract_drops).
 *
 * Layering: one layer decides what the frame is: TCP to or from port 1723, enhanced GRE (IP
 * protocol 47, RFC 2637 section 4.1), an ICMP or ICMPv6 error, DNS on UDP 53, L2TP version 2
 * (RFC 2661; found by its l2tp item, not by pinfo's ports, which are the innermost transport's),
 * or IKE on UDP 500, or on UDP 4500 after the 4-byte Non-ESP Marker (RFC 7296, RFC 2408, RFC
 * 3948 section 2.2; found by pinfo's ports, with no item: pptpdiag_ike_packet, when no item
 * names another layer); the outermost of them, so that a tunnel that only carries PPTP (ERSPAN,
 * GRE version 0, GRE-in-UDP, VXLAN, IP-in-IP) decides nothing, except PPTP inside PPTP's GRE,
 * where the innermost PPTP is read (pptpdiag_extract). A layer Wireshark decrypted from ESP in transport
 * mode (its ESP SA table; L2TP/IPsec, RFC 3193) is read in the decrypted data with the IP
 * header in the frame (hdr_ip_decrypted; pd_observation.esp says so). A frame with none of these
 * layers but ESP Wireshark did not decrypt (RFC 4303: IP protocol 50, or UDP 4500 whose first 4
 * bytes, where IKE has the Non-ESP Marker, are not zero, RFC 3948 section 2.1) gives one
 * PD_OBS_ESP observation (pptpdiag_esp_packet; none when the frame has the data Wireshark
 * decrypted). An
 * IKE message or an ESP packet Wireshark reassembled from IP fragments is read there, once, in
 * the frame that completed it. In an ICMP error the quoted packet fills
 * pd_obs_icmp only. What an L2TP data message's PPP carries (IP, DNS, ICMP, TCP) is the tunnel's
 * data, as inside PPTP's GRE.
 * PPPoE (RFC 2516) is no IP layer: a frame with a PPPoE header (a pppoe.code item, in Discovery
 * and Session packets alike) gives one PD_OBS_PPPOE observation of its outermost one, of the
 * stage its Ethertype says (extract-pppoe.c reads its header and tags; a Session packet's PPP
 * frame is read as GRE's is, hdr_ppp_at), after the observations of an IP layer the Session
 * packet carries (PPTP over a PPPoE link: pppoe_packet).
 * PPP captured on its own (extract-ppp.c: a capture whose link layer is PPP, or Network
 * Monitor's NDISWAN frames with a PPP protocol in the Ethernet type field) gives one PD_OBS_PPP
 * observation of the frame's PPP, after the observations of an IP layer it carries; found from
 * the record's encapsulation and, for Ethernet, the type field read in place: no item is wanted.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract.h"
#include "ws-compat.h"

#include <string.h>

#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/tvbuff.h>
#include <wiretap/wtap.h>
#include <wiretap/wtap_opttypes.h>

#include "extract-esp.h"
#include "extract-ike.h"
#include "extract-l2tp.h"
#include "extract-ppp.h"
#include "extract-pppoe.h"
#include "extract-pptp.h"
#include "headers-dns.h"
#include "headers-gre.h"
#include "headers-ip.h"
#include "headers-ppp.h"
#include "headers-pptp.h"

/* The fields we read, resolved by name in pptpdiag_extract_init. */
enum {
    F_GRE, F_ICMP, F_DNS, F_ICMPV6, F_L2TP, F_PPPOE_CODE, F_TCP_SPURIOUS,
    F_PPTP,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    [F_GRE] = "gre", [F_ICMP] = "icmp", [F_DNS] = "dns", [F_ICMPV6] = "icmpv6", [F_L2TP] = "l2tp",
    [F_PPPOE_CODE] = "pppoe.code",
    [F_TCP_SPURIOUS] = "tcp.analysis.spurious_retransmission",
    [F_PPTP] = "pptp",
};

static int hf[F_COUNT];
/* The ESP protocol's id (pptpdiag_esp_packet: not wanted, only looked for among the frame's
 * layers). */
static int proto_esp = -1;

/* The TCP ports other than 1723 the user decodes as PPTP (pptpdiag_extract_pptp_ports), read in
 * pptpdiag_extract_init: a change of Decode As re-dissects the capture, which runs the init
 * routines again. */
static pptpdiag_pptp_ports pptp_ports;

GArray *pptpdiag_extract_init(void)
{
    GArray *wanted = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < F_COUNT; i++) {
        hf[i] = proto_registrar_get_id_byname(field_names[i]);
        if (hf[i] > 0)
            g_array_append_val(wanted, hf[i]);
    }
    pptpdiag_extract_pptp_ports(&pptp_ports);
    proto_esp = proto_get_id_by_filter_name("esp");
    return wanted;
}

/* ---- field access -------------------------------------------------------------------------- */

static GPtrArray *all(proto_tree *tree, int f)
{
    return hf[f] > 0 ? proto_get_finfo_ptr_array(tree, hf[f]) : NULL;
}

static field_info *nth(proto_tree *tree, int f, guint i)
{
    GPtrArray *a = all(tree, f);
    return (a && i < a->len) ? g_ptr_array_index(a, i) : NULL;
}

/* ---- per protocol ------------------------------------------------------------------------ */

/* GRE at @o of @t (see hdr_gre_at) and the PPP frame it carries (hdr_ppp_at). */
static gboolean gre_header(tvbuff_t *t, gint o, pd_obs_gre *g)
{
    gint ppp;
    if (!hdr_gre_at(t, o, g, &ppp))
        return FALSE;
    if (ppp >= 0)
        hdr_ppp_at(t, ppp, -1, &g->ppp);
    return TRUE;
}

/* The ICMP error at @o of @t (hdr_icmp_error, or hdr_icmp6_error when @v6), then what its
 * quote holds after the IP header: the GRE header with its PPP (gre_header), or the TCP ports
 * and flags. */
static gboolean icmp_error(tvbuff_t *t, gint o, gboolean v6, pd_obs_icmp *ic)
{
    hdr_ip q;
    if (!(v6 ? hdr_icmp6_error(t, o, ic, &q) : hdr_icmp_error(t, o, ic, &q)))
        return FALSE;
    if (q.proto == PD_IPPROTO_GRE) {
        ic->quoted_has_gre_call_id = gre_header(t, q.next, &ic->quoted_gre);
        ic->quoted_gre.ppp.malformed = FALSE; /* a quote is cut short by design (RFC 792) */
    } else if (q.proto == PD_IPPROTO_TCP && hdr_tcp(&q, &ic->quoted_tcp))
        ic->quoted_tcp.payload_len = 0; /* a quote, not the whole packet */
    return TRUE;
}

void pptpdiag_extract_reset(void)
{
    pptpdiag_extract_pptp_reset();
}

/* Where a layer is, outer before inner: the frame's own bytes (@frame) before a data source
 * Wireshark built from them (a packet reassembled from IP fragments, whose layers are all inside
 * the frame's), then by offset. Negative when (@ta, @a) is outer to (@tb, @b). */
static gint layer_cmp(tvbuff_t *frame, tvbuff_t *ta, gint a, tvbuff_t *tb, gint b)
{
    gint ra = ta == frame ? 0 : 1, rb = tb == frame ? 0 : 1;
    return ra != rb ? ra - rb : a - b;
}

/* The IP layer of a TCP 1723 segment: the header with pinfo's addresses and ports in the frame's
 * own bytes (hdr_ip_of_tcp); for a segment Wireshark reassembled from IP fragments, the
 * reassembled data under the first pptp item (its TCP header at the data's first byte: a
 * fragmented segment is at least 68 bytes, so it carries data, RFC 791 section 3.2) with the
 * fragment's header in the frame (hdr_ip_reassembled). */
static gboolean tcp_layer(tvbuff_t *frame, packet_info *pinfo, proto_tree *tree, hdr_ip *ip)
{
    if (hdr_ip_of_tcp(frame, pinfo, ip) && !ip->fragment)
        return TRUE;
    GPtrArray *items = all(tree, F_PPTP);
    for (guint i = 0; items && i < items->len; i++) {
        field_info *fi = g_ptr_array_index(items, i);
        tvbuff_t *t = fi->ds_tvb;
        if (t && t != frame && tvb_captured_length(t) >= 20 &&
            tvb_get_ntohs(t, 0) == pinfo->srcport && tvb_get_ntohs(t, 2) == pinfo->destport &&
            hdr_ip_reassembled(frame, pinfo, PD_IPPROTO_TCP, t, ip))
            return TRUE;
    }
    return FALSE;
}

/* TRUE when the item @fi of kind @f begins a layer pptpdiag reads: enhanced GRE (hdr_gre_is_pptp,
 * RFC 2637 section 4.1; not GRE version 0: ERSPAN, Cisco tunnels, keepalives), an ICMP or
 * ICMPv6 error (RFC 792, RFC 4443: types 3, 11, 12; 1 to 4), L2TP version 2, or DNS. */
static gboolean layer_read(int f, field_info *fi)
{
    tvbuff_t *t = fi->ds_tvb;
    if (!t || tvb_captured_length_remaining(t, fi->start) < 1)
        return FALSE;
    guint8 type;
    switch (f) {
    case F_GRE:
        return hdr_gre_is_pptp(t, fi->start);
    case F_ICMP:
        type = tvb_get_uint8(t, fi->start);
        return type == 3 || type == 11 || type == 12;
    case F_ICMPV6:
        type = tvb_get_uint8(t, fi->start);
        return type >= 1 && type <= 4;
    case F_L2TP: /* version 2 (RFC 2661 section 3.1), not L2F or L2TPv3 */
        return tvb_captured_length_remaining(t, fi->start) >= 2 &&
               (tvb_get_uint8(t, fi->start + 1) & 0x0f) == 2;
    default:
        return TRUE;
    }
}

static gboolean is_pptp_port(guint16 port)
{
    return (pptp_ports.bits[port / 8] >> (port % 8)) & 1;
}

/* The PPTP server's port of a TCP segment between @sport and @dport: 1723, or a port the user
 * decodes as PPTP (pptp_ports); 0 when neither is. */
static guint16 pptp_server_port(guint16 sport, guint16 dport)
{
    if (sport == PD_PPTP_PORT || dport == PD_PPTP_PORT)
        return PD_PPTP_PORT;
    if (!pptp_ports.any)
        return 0;
    return is_pptp_port(dport) ? dport : is_pptp_port(sport) ? sport : 0;
}

/* Of a frame cut short by the snapshot length whose layer @ip heads, what the cut took of what
 * pptpdiag reads (pd_observation.lost), as the *_lost readers (headers.h) tell it: the PPTP
 * messages of a TCP 1723 segment (or its flags), the GRE header and its PPP, an ICMP error's
 * quote; DNS is not told (0). */
static guint8 cut_lost(const hdr_ip *ip)
{
    pd_obs_tcp tcp;
    pd_obs_icmp ic;
    hdr_ip q;
    memset(&tcp, 0, sizeof tcp);
    memset(&ic, 0, sizeof ic);
    switch (ip->proto) {
    case PD_IPPROTO_TCP: {
        if (tvb_captured_length_remaining(ip->tvb, ip->next) < 14) /* no flags, no payload */
            return PD_LOST_TCP |
                   (ip->total_len > (guint)(ip->next - ip->start) + 20 ? PD_LOST_PPTP : 0);
        hdr_tcp(ip, &tcp);
        gint start = tcp.payload_len ? hdr_tcp_payload(ip) : -1;
        return start < 0 ? 0 : hdr_pptp_lost(ip->tvb, start, start + (gint)tcp.payload_len);
    }
    case PD_IPPROTO_GRE:
        return hdr_gre_lost(ip->tvb, ip->next);
    case PD_IPPROTO_ICMP:
        return hdr_icmp_error(ip->tvb, ip->next, &ic, &q) ? hdr_quote_lost(&q) : 0;
    case PD_IPPROTO_ICMPV6:
        return hdr_icmp6_error(ip->tvb, ip->next, &ic, &q) ? hdr_quote_lost(&q) : 0;
    default:
        return 0;
    }
}

/* What a TCP 1723 segment's payload begins with (hdr_pptp_start: a PPTP header or not). Whether
 * a segment was missing before it (then it may begin in the middle of a message) the engine
 * tells from the sequence numbers. */
static guint8 payload_start(const hdr_ip *ip, const pd_obs_tcp *t)
{
    gint start = t->payload_len ? hdr_tcp_payload(ip) : -1;
    if (start < 0)
        return PD_TCP_START_UNKNOWN;
    return (guint8)hdr_pptp_start(ip->tvb, start, start + (gint)t->payload_len);
}

/* Bytes of the largest frame that can hold a SYN without data (TCP Fast Open's SYN with data,
 * RFC 7413, is no scanner's): 60 of IPv4 or 40 of IPv6 and its extension headers, 60 of TCP,
 * behind link layers and tunnels (ERSPAN, VXLAN: about 50 more each), with room to spare. */
#define SYN_FRAME_MAX 512

/* A TCP segment between ports neither of which is PPTP's: one PD_OBS_TCP_SYN observation in @o
 * if it is a SYN without ACK (a connection attempt, counted for port scans), else none. No item
 * is wanted: the flags byte is found from pinfo's addresses and ports (hdr_tcp_flags_of, read in
 * place), and only a SYN's IP header is read whole (hdr_ip_of_tcp). */
static guint syn_probe(tvbuff_t *frame, packet_info *pinfo, pd_observation *o)
{
    if (pinfo->fd->pkt_len > SYN_FRAME_MAX)
        return 0; /* a segment with data: no scanner's SYN */
    gint flags = hdr_tcp_flags_of(frame, pinfo);
    if (flags < 0 || (flags & (PD_TCP_SYN | PD_TCP_ACK | PD_TCP_RST)) != PD_TCP_SYN)
        return 0;
    hdr_ip ip;
    pd_obs_tcp t;
    memset(&t, 0, sizeof t);
    if (!hdr_ip_of_tcp(frame, pinfo, &ip) || ip.fragment || !hdr_tcp(&ip, &t))
        return 0;
    hdr_ip_frame_facts(o, pinfo, &ip);
    o->kind = PD_OBS_TCP_SYN;
    o->tcp.sport = t.sport;
    o->tcp.dport = t.dport;
    o->tcp.flags = t.flags;
    return 1;
}

guint64 pptpdiag_extract_drops(const packet_info *pinfo)
{
    /* From the record's block, not the frame.drop_count item: wanting a field of the frame
     * protocol would make the frame dissector build its item and subtree for every frame.
     * Counting the option first walks the block's few options without the option type lookup
     * the getter makes: most blocks have none. */
    guint64 n = 0;
    if (!pinfo->rec || !pinfo->rec->block ||
        !wtap_block_count_option(pinfo->rec->block, OPT_PKT_DROPCOUNT) ||
        wtap_block_get_uint64_option_value(pinfo->rec->block, OPT_PKT_DROPCOUNT, &n) !=
            WTAP_OPTTYPE_SUCCESS)
        return 0;
    return n;
}

/* The L2TP message (RFC 2661) in the UDP datagram after @ip, read by pptpdiag_extract_l2tp into
 * @o (its frame facts set), with a data message's PPP frame (hdr_ppp_at); of a cut frame, what
 * the cut took as the reader says. FALSE when it is no L2TP version 2 message captured. */
static gboolean l2tp_message(const hdr_ip *ip, pd_observation *o)
{
    gint ppp, len;
    guint8 lost;
    if (!pptpdiag_extract_l2tp(ip->tvb, ip->next, &o->l2tp, &ppp, &len, &lost))
        return FALSE;
    o->kind = PD_OBS_L2TP;
    if (o->cut_at)
        o->lost = lost;
    if (ppp >= 0)
        hdr_ppp_at(ip->tvb, ppp, len, &o->l2tp.ppp);
    return TRUE;
}

/* A frame with none of the layers the items find: IKE on UDP 500 or 4500 (pptpdiag_ike_packet),
 * else ESP Wireshark did not decrypt (pptpdiag_esp_packet; ESP in UDP 4500 too, whose first 4
 * bytes are no Non-ESP Marker), else nothing. */
static guint ike_or_esp(tvbuff_t *frame, packet_info *pinfo, pd_observation *o)
{
    if (pinfo->ptype == PT_UDP &&
        (pinfo->srcport == PD_IKE_PORT || pinfo->destport == PD_IKE_PORT ||
         pinfo->srcport == PD_NATT_PORT || pinfo->destport == PD_NATT_PORT) &&
        pptpdiag_ike_packet(frame, pinfo, o))
        return 1;
    return pptpdiag_esp_packet(frame, pinfo, proto_esp, o);
}

/* The observations (into @out, at most @room, at least 2) of the IP layer pptpdiag reads in the
 * frame: TCP 1723 with its PPTP messages, enhanced GRE, an ICMP or ICMPv6 error, DNS, L2TP, IKE,
 * or, when the frame has none of these, a SYN to another port or ESP Wireshark did not decrypt;
 * 0 when there is none. */
static guint ip_layers(tvbuff_t *frame, packet_info *pinfo, proto_tree *tree, pd_observation *out,
                       guint room)
{
    /* Return early on frames that are none of TCP 1723, GRE, ICMP, DNS, L2TP or IKE: the ports
     * come from pinfo, the others from items that exist only in such frames (each looked up
     * once). */
    gboolean tcp1723 = pinfo->ptype == PT_TCP &&
                       pptp_server_port((guint16)pinfo->srcport, (guint16)pinfo->destport);
    /* TCP between other ports: only a SYN says something (a port scan's probe, syn_probe) */
    gboolean tcp_other = pinfo->ptype == PT_TCP && !tcp1723;
    gboolean dns = pinfo->ptype == PT_UDP && (pinfo->srcport == 53 || pinfo->destport == 53);
    /* The outermost of the items pptpdiag reads says what the frame is; TCP 1723 has no item
     * (wanting tcp would cost every TCP frame): its IP header is found from pinfo's addresses
     * and ports, and its TCP header begins where the tcp item would. DNS counts only on UDP
     * port 53 (inside GRE or quoted by ICMP it is never the outermost). */
    static const struct { int f; guint8 proto; gint skip; } kinds[] = {
        {F_GRE, PD_IPPROTO_GRE, 0}, {F_ICMP, PD_IPPROTO_ICMP, 0},
        {F_DNS, PD_IPPROTO_UDP, 8}, /* DNS on UDP: the 8-byte UDP header is between */
        {F_ICMPV6, PD_IPPROTO_ICMPV6, 0}, {F_L2TP, PD_IPPROTO_UDP, 8}, /* L2TP on UDP too */
    };
    GPtrArray *items[G_N_ELEMENTS(kinds)];
    gboolean any = tcp1723 || dns;
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        items[i] = kinds[i].f == F_DNS && !dns ? NULL : all(tree, kinds[i].f);
        any |= items[i] && items[i]->len;
    }
    if (!any) /* none of TCP 1723, GRE, ICMP, ICMPv6, DNS or L2TP: a SYN, IKE, ESP, or none */
        return tcp_other ? syn_probe(frame, pinfo, out) : ike_or_esp(frame, pinfo, out);
    /* Which layer the frame is: the outermost layer pptpdiag reads (layer_read; a tunnel that
     * only carries it, such as ERSPAN, GRE version 0, VXLAN, GRE-in-UDP or IP-in-IP, is passed
     * over), except that PPTP inside PPTP's GRE (an unencrypted tunnel in another one) is the
     * innermost PPTP: its GRE or its TCP 1723. An ICMP error's quote belongs to the error; DNS
     * inside PPTP's GRE or L2TP is the tunnel's data. Layers in data sources Wireshark built (IP
     * reassembly) are read there. */
    field_info *outer = NULL;
    guint kind = 0;
    guint8 esp = PD_ESP_NONE; /* the layer came out of ESP Wireshark decrypted */
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        for (guint j = 0; items[i] && j < items[i]->len; j++) {
            field_info *fi = g_ptr_array_index(items[i], j);
            if (!layer_read(kinds[i].f, fi))
                continue;
            gint c = outer ? layer_cmp(frame, fi->ds_tvb, fi->start, outer->ds_tvb, outer->start)
                           : -1;
            gboolean nested_gre = outer && kinds[i].f == F_GRE && kinds[kind].f == F_GRE && c > 0;
            if (c < 0 || nested_gre) {
                outer = fi;
                kind = i;
            }
        }
    }
    hdr_ip ip;
    gboolean tcp = tcp1723 && tcp_layer(frame, pinfo, tree, &ip);
    if (tcp && outer) {
        gint c = layer_cmp(frame, ip.tvb, ip.next, outer->ds_tvb, outer->start);
        tcp = c < 0 || (kinds[kind].f == F_GRE && c > 0); /* outer, or PPTP inside PPTP */
    }
    gboolean reassembled = FALSE; /* the layer is in a packet Wireshark reassembled */
    if (tcp) {
        ; /* TCP is the layer */
    } else if (!outer) { /* a tunnel pptpdiag passes over: its TCP may be a SYN, IKE or ESP */
        return tcp_other ? syn_probe(frame, pinfo, out) : ike_or_esp(frame, pinfo, out);
    } else {
        gint skip = kinds[kind].skip;
        if (outer->ds_tvb == frame
                ? !hdr_ip_before(frame, outer->start - skip, kinds[kind].proto, pinfo, &ip)
                : outer->start - skip != 0 ||
                      !((reassembled = hdr_ip_reassembled(frame, pinfo, kinds[kind].proto,
                                                          outer->ds_tvb, &ip)) ||
                        hdr_ip_decrypted(frame, pinfo, kinds[kind].proto, outer->ds_tvb, &ip,
                                         &esp)))
            return 0;
    }
    pd_observation *o = &out[0];
    hdr_ip_frame_facts(o, pinfo, &ip);
    o->esp = esp;
    if (pinfo->fd->cap_len < pinfo->fd->pkt_len) {
        o->cut_at = pinfo->fd->cap_len; /* the snapshot length cut it */
        o->lost = cut_lost(&ip);        /* copied into the frame's PPTP messages too */
    }
    switch (ip.proto) {
    case PD_IPPROTO_TCP:
        if (!hdr_tcp(&ip, &o->tcp))
            return 0;
        guint16 port = pptp_server_port(o->tcp.sport, o->tcp.dport);
        if (!port)
            return 0;
        o->tcp.server_port = port == PD_PPTP_PORT ? 0 : port;
        o->tcp.payload_start = payload_start(&ip, &o->tcp);
        o->kind = PD_OBS_TCP;
    {
        /* its control messages (extract-pptp.h): those under the pptp items, or the payload
         * when a pptp item or a spurious retransmission says it holds them */
        GPtrArray *pptp = all(tree, F_PPTP);
        gboolean spurious = o->tcp.payload_len && !(pptp && pptp->len) &&
                            nth(tree, F_TCP_SPURIOUS, 0) != NULL;
        return 1 + pptpdiag_extract_pptp(ip.tvb, pptp, spurious, &ip, o, out + 1, room - 1);
    }
    case PD_IPPROTO_GRE:
        o->kind = PD_OBS_GRE;
        return gre_header(ip.tvb, ip.next, &o->gre) ? 1 : 0;
    case PD_IPPROTO_ICMP:
    case PD_IPPROTO_ICMPV6:
        o->kind = PD_OBS_ICMP_ERROR;
        return icmp_error(ip.tvb, ip.next, ip.proto == PD_IPPROTO_ICMPV6, &o->icmp) ? 1 : 0;
    case PD_IPPROTO_UDP:
        if (kinds[kind].f == F_L2TP)
            return l2tp_message(&ip, o) ? 1 : 0;
        o->kind = PD_OBS_DNS;
        return dns && hdr_dns_at(outer->ds_tvb, outer->start, &o->dns) ? 1 : 0;
    default:
        return 0;
    }
}

/* TRUE when the PPPoE header at @hdr of @t is a Session stage packet's (Ethertype 0x8864), FALSE
 * for the Discovery stage's (0x8863): the Ethertype just before the header (Ethernet, 802.1Q,
 * Linux cooked capture); where the link layer puts it elsewhere, CODE 0 is the Session stage's
 * (RFC 2516 sections 5 and 6: every Discovery CODE is another). */
static gboolean pppoe_session_stage(tvbuff_t *t, gint hdr)
{
    if (hdr >= 2 && tvb_captured_length_remaining(t, hdr - 2) >= 4) {
        guint16 ethertype = tvb_get_ntohs(t, hdr - 2);
        if (ethertype == 0x8864 || ethertype == 0x8863)
            return ethertype == 0x8864;
    }
    return tvb_captured_length_remaining(t, hdr) >= 2 && tvb_get_uint8(t, hdr + 1) == 0;
}

/* The PPPoE packet of the frame (RFC 2516): the outermost of its pppoe.code items (one field for
 * both stages, the second byte of the header; wanting the pppoed and pppoes items cost two
 * fields), read by pptpdiag_extract_pppoe into @o, and a Session packet's PPP frame
 * (hdr_ppp_at). FALSE when the frame has none, or it is no RFC 2516 packet. */
static gboolean pppoe_packet(tvbuff_t *frame, packet_info *pinfo, GPtrArray *codes,
                             pd_observation *o)
{
    field_info *outer = NULL;
    for (guint j = 0; j < codes->len; j++) {
        field_info *fi = g_ptr_array_index(codes, j);
        if (fi->ds_tvb && fi->start >= 1 &&
            (!outer || layer_cmp(frame, fi->ds_tvb, fi->start, outer->ds_tvb, outer->start) < 0))
            outer = fi;
    }
    if (!outer)
        return FALSE;
    gint ppp, len, hdr = outer->start - 1;
    if (!pptpdiag_extract_pppoe(outer->ds_tvb, hdr, pppoe_session_stage(outer->ds_tvb, hdr),
                                pinfo, o, &ppp, &len))
        return FALSE;
    if (ppp >= 0)
        hdr_ppp_at(outer->ds_tvb, ppp, len, &o->pppoe.ppp);
    return TRUE;
}

guint pptpdiag_extract(tvbuff_t *frame, packet_info *pinfo, proto_tree *tree,
                       pd_observation *out)
{
    if (!tree)
        return 0;
    /* PPPoE's item exists only in frames that carry it: one lookup, nothing more, in others. A
     * PPPoE Session packet may carry an IP layer pptpdiag reads (PPTP over a PPPoE link): its
     * observations first, as in any frame, then the PPPoE packet's. */
    GPtrArray *codes = all(tree, F_PPPOE_CODE);
    gboolean pppoe = codes && codes->len;
    guint n = ip_layers(frame, pinfo, tree, out, pppoe ? PPTPDIAG_MAX_OBS - 1 : PPTPDIAG_MAX_OBS);
    if (pppoe && pppoe_packet(frame, pinfo, codes, &out[n]))
        n++;
    else if (!pppoe && n < PPTPDIAG_MAX_OBS && pptpdiag_ppp_link_candidate(pinfo) &&
             pptpdiag_extract_ppp(frame, pinfo, &out[n]))
        n++; /* PPP captured on its own: after its IP layer's observations, as PPPoE's */
    return n;
}
