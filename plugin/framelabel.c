/* framelabel.c: per-frame labels for the sequence view (see framelabel.h).
 *
 * Names come from the RFCs: PPTP control message abbreviations (RFC 2637 section 2), PPP
 * protocols and LCP/NCP codes (RFC 1661 section 5, RFC 1962, RFC 1332, RFC 5072), CHAP (RFC 1994),
 * PAP (RFC 1334), ICMP (RFC 792, RFC 1812 section 5.2.7.1), ICMPv6 (RFC 4443) and DNS (RFC 1035).
 *
 * Storage: one small record per frame that gave observations, in frame order (the first pass is
 * in frame order), addresses interned; looked up by binary search.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "framelabel.h"

#include <string.h>

#include <epan/packet.h>

typedef struct {
    guint32 frame;
    guint32 src, dst; /* indexes into addrs */
    gboolean minor;
    double time;
    const char *text;
} label_rec;

static GArray *recs;       /* label_rec, ascending frame */
static GArray *addrs;      /* pd_addr */
static GHashTable *addr_ix; /* pd_addr* (into a private copy) -> index + 1 */
static gboolean want_text;  /* a report is registered: texts and minor flags are made */

void pptpdiag_labels_want_text(void)
{
    want_text = TRUE;
}

static guint addr_hash(gconstpointer p)
{
    const pd_addr *a = p;
    guint h = a->family;
    for (int i = 0; i < 16; i++)
        h = h * 31 + a->bytes[i];
    return h;
}

static gboolean addr_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_addr)) == 0;
}

static void labels_cleanup(void)
{
    if (recs)
        g_array_free(recs, TRUE);
    if (addrs)
        g_array_free(addrs, TRUE);
    if (addr_ix)
        g_hash_table_destroy(addr_ix);
    recs = NULL;
    addrs = NULL;
    addr_ix = NULL;
}

static void labels_init(void)
{
    labels_cleanup();
    recs = g_array_new(FALSE, FALSE, sizeof(label_rec));
    addrs = g_array_new(FALSE, FALSE, sizeof(pd_addr));
    addr_ix = g_hash_table_new_full(addr_hash, addr_eq, g_free, NULL);
}

void pptpdiag_labels_register(void)
{
    register_init_routine(labels_init);
    register_cleanup_routine(labels_cleanup);
}

static guint32 intern_addr(const pd_addr *a)
{
    pd_addr key;
    memset(&key, 0, sizeof key);
    key.family = a->family;
    memcpy(key.bytes, a->bytes, sizeof key.bytes);
    gpointer v = g_hash_table_lookup(addr_ix, &key);
    if (v)
        return GPOINTER_TO_UINT(v) - 1;
    g_array_append_val(addrs, key);
    guint32 ix = addrs->len - 1;
    g_hash_table_insert(addr_ix, g_memdup2(&key, sizeof key), GUINT_TO_POINTER(ix + 1));
    return ix;
}

/* ---- names ------------------------------------------------------------------------------- */

static const char *pptp_name(guint16 type)
{
    static const char *const names[] = {
        [PD_PPTP_SCCRQ] = "SCCRQ", [PD_PPTP_SCCRP] = "SCCRP", [PD_PPTP_StopCCRQ] = "StopCCRQ",
        [PD_PPTP_StopCCRP] = "StopCCRP", [PD_PPTP_ECHORQ] = "ECHORQ", [PD_PPTP_ECHORP] = "ECHORP",
        [PD_PPTP_OCRQ] = "OCRQ", [PD_PPTP_OCRP] = "OCRP", [PD_PPTP_ICRQ] = "ICRQ",
        [PD_PPTP_ICRP] = "ICRP", [PD_PPTP_ICCN] = "ICCN", [PD_PPTP_CCRQ] = "CCRQ",
        [PD_PPTP_CDN] = "CDN", [PD_PPTP_WEN] = "WEN", [PD_PPTP_SLI] = "SLI",
    };
    return type < G_N_ELEMENTS(names) ? names[type] : NULL;
}

static const char *ppp_proto_name(guint16 proto)
{
    switch (proto) {
    case PD_PPP_LCP: return "LCP";
    case PD_PPP_PAP: return "PAP";
    case PD_PPP_CHAP: return "CHAP";
    case PD_PPP_CCP: return "CCP";
    case PD_PPP_IPCP: return "IPCP";
    case PD_PPP_IPV6CP: return "IPV6CP";
    case PD_PPP_IP: return "IP";
    case PD_PPP_IPV6: return "IPv6";
    case PD_PPP_COMP: return "compressed";
    default: return NULL;
    }
}

/* Code names of LCP and the NCPs (RFC 1661 section 5; CCP adds 14, 15: RFC 1962). */
static const char *cp_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_CP_CONF_REQ] = "Configure-Request", [PD_CP_CONF_ACK] = "Configure-Ack",
        [PD_CP_CONF_NAK] = "Configure-Nak", [PD_CP_CONF_REJ] = "Configure-Reject",
        [PD_CP_TERM_REQ] = "Terminate-Request", [PD_CP_TERM_ACK] = "Terminate-Ack",
        [PD_CP_CODE_REJ] = "Code-Reject", [PD_CP_PROTO_REJ] = "Protocol-Reject",
        [PD_CP_ECHO_REQ] = "Echo-Request", [PD_CP_ECHO_REP] = "Echo-Reply",
        [11] = "Discard-Request", [12] = "Identification", [13] = "Time-Remaining",
        [14] = "Reset-Request", [15] = "Reset-Ack",
    };
    return code < G_N_ELEMENTS(names) ? names[code] : NULL;
}

static const char *chap_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_CHAP_CHALLENGE] = "Challenge", [PD_CHAP_RESPONSE] = "Response",
        [PD_CHAP_SUCCESS] = "Success", [PD_CHAP_FAILURE] = "Failure",
    };
    return code < G_N_ELEMENTS(names) ? names[code] : NULL;
}

static const char *pap_code_name(guint8 code)
{
    static const char *const names[] = {
        [PD_PAP_REQ] = "Authenticate-Request", [PD_PAP_ACK] = "Authenticate-Ack",
        [PD_PAP_NAK] = "Authenticate-Nak",
    };
    return code < G_N_ELEMENTS(names) ? names[code] : NULL;
}

static void append_ppp(GString *s, const pd_obs_gre *g, gboolean *minor)
{
    if (!g->ppp_protocol) {
        g_string_append(s, g->payload_len ? "GRE (no PPP decoded)" : "GRE acknowledgment");
        *minor = g->payload_len == 0;
        return;
    }
    const char *pn = ppp_proto_name(g->ppp_protocol);
    if (pn)
        g_string_append_printf(s, "GRE %s", pn);
    else
        g_string_append_printf(s, "GRE PPP 0x%04x", g->ppp_protocol);
    const char *cn = NULL;
    switch (g->ppp_protocol) {
    case PD_PPP_IP: case PD_PPP_IPV6: case PD_PPP_COMP:
        g_string_append(s, " data");
        *minor = TRUE;
        return;
    case PD_PPP_CHAP: cn = chap_code_name(g->ppp_code); break;
    case PD_PPP_PAP: cn = pap_code_name(g->ppp_code); break;
    default:
        if (g->ppp_protocol >= 0x8000) /* a control protocol: LCP, NCPs */
            cn = cp_code_name(g->ppp_code);
        break;
    }
    if (cn)
        g_string_append_printf(s, " %s", cn);
    else if (g->ppp_code)
        g_string_append_printf(s, " code %u", g->ppp_code);
    if (g->ppp_protocol == PD_PPP_LCP &&
        (g->ppp_code == PD_CP_ECHO_REQ || g->ppp_code == PD_CP_ECHO_REP || g->ppp_code == 11))
        *minor = TRUE;
}

static const char *icmp4_name(guint8 type, guint8 code, const char **code_name)
{
    static const char *const unreach[] = {
        "network unreachable", "host unreachable", "protocol unreachable", "port unreachable",
        "fragmentation needed", "source route failed", "destination network unknown",
        "destination host unknown", "source host isolated", "network administratively prohibited",
        "host administratively prohibited", "network unreachable for TOS",
        "host unreachable for TOS", "communication administratively prohibited",
        "host precedence violation", "precedence cutoff in effect",
    };
    static const char *const exceeded[] = {"TTL exceeded in transit", "fragment reassembly time exceeded"};
    *code_name = NULL;
    switch (type) {
    case 3:
        *code_name = code < G_N_ELEMENTS(unreach) ? unreach[code] : NULL;
        return "Destination Unreachable";
    case 11:
        *code_name = code < G_N_ELEMENTS(exceeded) ? exceeded[code] : NULL;
        return "Time Exceeded";
    case 12: return "Parameter Problem";
    default: return NULL;
    }
}

static const char *icmp6_name(guint8 type, guint8 code, const char **code_name)
{
    static const char *const unreach[] = {
        "no route to destination", "communication administratively prohibited",
        "beyond scope of source address", "address unreachable", "port unreachable",
        "source address failed ingress/egress policy", "reject route to destination",
    };
    *code_name = NULL;
    switch (type) {
    case 1:
        *code_name = code < G_N_ELEMENTS(unreach) ? unreach[code] : NULL;
        return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    default: return NULL;
    }
}

static void append_icmp(GString *s, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    gboolean v6 = o->src.family == 6;
    const char *cname;
    const char *tname = v6 ? icmp6_name(ic->type, ic->code, &cname)
                           : icmp4_name(ic->type, ic->code, &cname);
    g_string_append(s, v6 ? "ICMPv6 " : "ICMP ");
    if (tname)
        g_string_append(s, tname);
    else
        g_string_append_printf(s, "type %u", ic->type);
    if (cname)
        g_string_append_printf(s, " (%s)", cname);
    else
        g_string_append_printf(s, " (code %u)", ic->code);
    if (ic->mtu)
        g_string_append_printf(s, ", MTU %u", ic->mtu);
    switch (ic->quoted_proto) {
    case PD_IPPROTO_GRE: g_string_append(s, ", quoting GRE"); break;
    case PD_IPPROTO_TCP:
        g_string_append_printf(s, ", quoting TCP port %u", ic->quoted_tcp.dport);
        break;
    default: g_string_append_printf(s, ", quoting IP protocol %u", ic->quoted_proto); break;
    }
}

/* The name itself is left out: labels are interned, and names are many. */
static void append_dns(GString *s, const pd_obs_dns *d)
{
    static const char *const rcodes[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
                                         "REFUSED"};
    const char *qt = d->qtype == 1 ? "A" : d->qtype == 28 ? "AAAA" : NULL;
    g_string_append(s, d->response ? "DNS response" : "DNS query");
    if (qt)
        g_string_append_printf(s, " %s", qt);
    else if (d->qtype)
        g_string_append_printf(s, " type %u", d->qtype);
    if (!d->response)
        return;
    if (d->rcode < G_N_ELEMENTS(rcodes))
        g_string_append_printf(s, " (%s", rcodes[d->rcode]);
    else
        g_string_append_printf(s, " (rcode %u", d->rcode);
    g_string_append_printf(s, ", %u answer%s)", d->n_answers, d->n_answers == 1 ? "" : "s");
}

static void append_tcp_flags(GString *s, guint8 flags)
{
    static const struct { guint8 bit; const char *name; } bits[] = {
        {PD_TCP_SYN, "SYN"}, {PD_TCP_FIN, "FIN"}, {PD_TCP_RST, "RST"}, {PD_TCP_ACK, "ACK"},
    };
    gboolean first = TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(bits); i++) {
        if (flags & bits[i].bit) {
            g_string_append_printf(s, "%s%s", first ? "" : "/", bits[i].name);
            first = FALSE;
        }
    }
    if (first)
        g_string_append(s, "(no flags)");
}

const char *pptpdiag_label_text(const pd_observation *obs, guint n, gboolean *minor)
{
    GString *s = g_string_new(NULL);
    gboolean is_minor = FALSE;
    const pd_observation *tcp = NULL;
    guint n_pptp = 0, n_echo = 0;
    for (guint i = 0; i < n; i++) {
        if (obs[i].kind == PD_OBS_TCP)
            tcp = &obs[i];
        else if (obs[i].kind == PD_OBS_PPTP) {
            n_pptp++;
            if (obs[i].pptp.type == PD_PPTP_ECHORQ || obs[i].pptp.type == PD_PPTP_ECHORP)
                n_echo++;
        }
    }
    /* TCP: its flags when they matter (SYN, FIN, RST) or when no PPTP message is in it. */
    if (tcp && ((tcp->tcp.flags & (PD_TCP_SYN | PD_TCP_FIN | PD_TCP_RST)) || !n_pptp)) {
        g_string_append(s, "TCP ");
        append_tcp_flags(s, tcp->tcp.flags);
        if (!n_pptp && tcp->tcp.payload_len)
            g_string_append(s, " with data");
        if (!(tcp->tcp.flags & (PD_TCP_SYN | PD_TCP_FIN | PD_TCP_RST)))
            is_minor = TRUE; /* an acknowledgment or a segment of a message */
    }
    if (n_pptp) {
        g_string_append_printf(s, "%sPPTP ", s->len ? ", " : "");
        gboolean first = TRUE;
        for (guint i = 0; i < n; i++) {
            if (obs[i].kind != PD_OBS_PPTP)
                continue;
            const char *pn = pptp_name(obs[i].pptp.type);
            if (!first)
                g_string_append(s, " + ");
            first = FALSE;
            if (pn)
                g_string_append(s, pn);
            else
                g_string_append_printf(s, "type %u", obs[i].pptp.type);
            if (obs[i].pptp.has_result)
                g_string_append_printf(s, " (result %u)", obs[i].pptp.result);
        }
        is_minor = n_echo == n_pptp; /* keepalives only */
    }
    for (guint i = 0; i < n; i++) {
        if (obs[i].kind == PD_OBS_GRE) {
            g_string_append(s, s->len ? ", " : "");
            append_ppp(s, &obs[i].gre, &is_minor);
        } else if (obs[i].kind == PD_OBS_ICMP_ERROR) {
            g_string_append(s, s->len ? ", " : "");
            append_icmp(s, &obs[i]);
        } else if (obs[i].kind == PD_OBS_DNS) {
            g_string_append(s, s->len ? ", " : "");
            append_dns(s, &obs[i].dns);
        }
    }
    if (!s->len)
        g_string_append(s, "(nothing pptpdiag names)");
    const char *text = g_intern_string(s->str);
    g_string_free(s, TRUE);
    if (minor)
        *minor = is_minor;
    return text;
}

void pptpdiag_labels_record(const pd_observation *obs, guint n)
{
    if (!recs || n == 0)
        return;
    if (recs->len && g_array_index(recs, label_rec, recs->len - 1).frame >= obs[0].frame)
        return;
    label_rec r;
    r.frame = obs[0].frame;
    r.time = obs[0].time;
    r.src = intern_addr(&obs[0].src);
    r.dst = intern_addr(&obs[0].dst);
    r.minor = FALSE;
    r.text = want_text ? pptpdiag_label_text(obs, n, &r.minor) : NULL;
    g_array_append_val(recs, r);
}

guint pptpdiag_labels_count(void)
{
    return recs ? recs->len : 0;
}

guint pptpdiag_labels_lower_bound(guint32 frame)
{
    guint lo = 0, hi = pptpdiag_labels_count();
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(recs, label_rec, mid).frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

gboolean pptpdiag_labels_nth(guint i, pptpdiag_label *out)
{
    if (i >= pptpdiag_labels_count())
        return FALSE;
    const label_rec *r = &g_array_index(recs, label_rec, i);
    out->frame = r->frame;
    out->time = r->time;
    out->src = g_array_index(addrs, pd_addr, r->src);
    out->dst = g_array_index(addrs, pd_addr, r->dst);
    out->text = r->text;
    out->minor = r->minor;
    return TRUE;
}

gboolean pptpdiag_labels_get(guint32 frame, pptpdiag_label *out)
{
    guint i = pptpdiag_labels_lower_bound(frame);
    if (i >= pptpdiag_labels_count() || g_array_index(recs, label_rec, i).frame != frame)
        return FALSE;
    return pptpdiag_labels_nth(i, out);
}

gboolean pptpdiag_labels_has(guint32 frame)
{
    guint i = pptpdiag_labels_lower_bound(frame);
    return i < pptpdiag_labels_count() && g_array_index(recs, label_rec, i).frame == frame;
}
