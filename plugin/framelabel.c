/* framelabel.c: per-frame labels for the sequence view (see framelabel.h).
 *
 * Names of PPTP messages, PPP protocols and codes, CHAP, PAP, ICMP and IKE notify types come
 * from the engine's tables (pd_names.h), the same the rules' causes use; only the few DNS names
 * (RFC 1035), L2TP control message names (RFC 2661 section 3.2) and IKE exchange names (RFC 2409
 * section 5, RFC 7296 section 3.1) the labels print are here.
 *
 * Storage: a label is its frame's payload in the engine's frame store (label_payload,
 * pd_engine_frame_attach): the engine keeps them in frame order and forgets a label with its
 * frame, so this file sweeps nothing. Here: the addresses labels name, interned per file (a
 * label holds their indexes), and the memo of the texts of the most common frames
 * (pptpdiag_label_text_memo).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "framelabel.h"

#include <string.h>

#include <epan/packet.h>

#include "pd_names.h"

/* One frame's label, as the engine keeps it (its frame number is the engine's): 24 bytes. */
typedef struct {
    double time;
    const char *text;
    guint32 src;           /* index into addrs */
    guint32 dst : 31;      /* index into addrs (fewer addresses than 2^31: two a frame at most) */
    guint32 minor : 1;
} label_payload;
G_STATIC_ASSERT(sizeof(label_payload) == 24);

static GArray *addrs;      /* pd_addr; NULL until the file's first label */
static GHashTable *addr_ix; /* pd_addr* (into a private copy) -> index + 1 */
static guint32 last_addr[2]; /* the addresses of the last label recorded (index + 1; 0: none) */
#define ADDR_CACHE_BITS 10 /* a direct-mapped cache of 1024 slots in front of addr_ix */
/* the top bits of addr_hash (its low bits are the addresses' first bytes) -> index + 1 (0:
 * empty) */
static guint32 addr_cache[1u << ADDR_CACHE_BITS];
static gboolean want_text;  /* a report is registered: texts and minor flags are made */
static GString *text_buf;   /* where pptpdiag_label_text writes each text before interning it */
static GHashTable *text_memo; /* packed facts (text_key) -> text_memo_entry */
#define TEXT_MEMO_MAX 4096    /* entries; past them, texts are made each time */
static guint64 memo_last_key;    /* the key of the memo's last answer, and that answer */
static const struct text_memo_entry *memo_last;

typedef struct text_memo_entry {
    const char *text; /* interned */
    gboolean minor;
} text_memo_entry;

void pptpdiag_labels_want_text(void)
{
    want_text = TRUE;
}

gboolean pptpdiag_labels_wanted(void)
{
    return want_text;
}

static guint addr_hash(gconstpointer p)
{
    const pd_addr *a = p;
    guint32 w[4]; /* the 16 bytes as 4 words, each multiplied by an odd constant */
    memcpy(w, a->bytes, sizeof w);
    return (w[0] * 0x9e3779b1u) ^ (w[1] * 0x85ebca77u) ^ (w[2] * 0xc2b2ae3du) ^
           (w[3] * 0x27d4eb2fu) ^ a->family;
}

static gboolean addr_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(pd_addr)) == 0;
}

static void labels_cleanup(void)
{
    if (addrs)
        g_array_free(addrs, TRUE);
    addrs = NULL;
    if (addr_ix)
        g_hash_table_destroy(addr_ix);
    addr_ix = NULL;
    memset(last_addr, 0, sizeof last_addr);
    memset(addr_cache, 0, sizeof addr_cache);
    if (text_buf)
        g_string_free(text_buf, TRUE);
    text_buf = NULL;
    if (text_memo)
        g_hash_table_destroy(text_memo);
    text_memo = NULL;
    memo_last = NULL;
}

void pptpdiag_labels_register(void)
{
    register_init_routine(labels_cleanup); /* the previous file's addresses go */
    register_cleanup_routine(labels_cleanup);
}

void pptpdiag_labels_prepare(pd_engine *e)
{
    pd_engine_frame_payload_size(e, sizeof(label_payload));
}

static guint32 intern_addr(const pd_addr *a)
{
    if (!addrs) {
        addrs = g_array_new(FALSE, FALSE, sizeof(pd_addr));
        addr_ix = g_hash_table_new_full(addr_hash, addr_eq, g_free, NULL);
    }
    /* The two addresses of the previous label first: a session's frames go back and forth
     * between two hosts. */
    for (int i = 0; i < 2; i++) {
        if (!last_addr[i])
            continue;
        const pd_addr *c = &g_array_index(addrs, pd_addr, last_addr[i] - 1);
        if (c->family == a->family && memcmp(c->bytes, a->bytes, sizeof c->bytes) == 0)
            return last_addr[i] - 1;
    }
    pd_addr key;
    memset(&key, 0, sizeof key);
    key.family = a->family;
    memcpy(key.bytes, a->bytes, sizeof key.bytes);
    guint32 *slot = &addr_cache[addr_hash(&key) >> (32 - ADDR_CACHE_BITS)];
    if (*slot && addr_eq(&g_array_index(addrs, pd_addr, *slot - 1), &key))
        return *slot - 1;
    gpointer v = g_hash_table_lookup(addr_ix, &key);
    guint32 ix;
    if (v) {
        ix = GPOINTER_TO_UINT(v) - 1;
    } else {
        g_array_append_val(addrs, key);
        ix = addrs->len - 1;
        g_hash_table_insert(addr_ix, g_memdup2(&key, sizeof key), GUINT_TO_POINTER(ix + 1));
    }
    *slot = ix + 1;
    return ix;
}

/* ---- texts ------------------------------------------------------------------------------- */

/* The PPP frame @p its carrier delivered, after @carrier ("GRE ", "PPPoE "): its protocol and
 * code; data and keepalives are minor. */
static void append_ppp(GString *s, const char *carrier, const pd_obs_ppp *p, gboolean *minor)
{
    const char *pn = pd_ppp_protocol_name(p->protocol);
    g_string_append(s, carrier);
    if (pn)
        g_string_append(s, pn);
    else
        g_string_append_printf(s, "PPP 0x%04x", p->protocol);
    const char *cn = NULL;
    switch (p->protocol) {
    case PD_PPP_IP: case PD_PPP_IPV6: case PD_PPP_COMP:
        g_string_append(s, " data");
        *minor = TRUE;
        return;
    case PD_PPP_CHAP: cn = pd_chap_code_name(p->code); break;
    case PD_PPP_PAP: cn = pd_pap_code_name(p->code); break;
    default:
        if (p->protocol >= 0x8000) /* a control protocol: LCP, NCPs */
            cn = pd_ppp_cp_code_name(p->code);
        break;
    }
    if (cn) {
        g_string_append_c(s, ' ');
        g_string_append(s, cn);
    } else if (p->code)
        g_string_append_printf(s, " code %u", p->code);
    if (p->protocol == PD_PPP_LCP &&
        (p->code == PD_CP_ECHO_REQ || p->code == PD_CP_ECHO_REP || p->code == 11))
        *minor = TRUE;
}

static void append_gre(GString *s, const pd_obs_gre *g, gboolean *minor)
{
    if (!g->ppp.protocol) {
        g_string_append(s, g->payload_len ? "GRE (no PPP decoded)" : "GRE acknowledgment");
        *minor = g->payload_len == 0;
        return;
    }
    append_ppp(s, "GRE ", &g->ppp, minor);
}

/* A Discovery packet by its code (RFC 2516 section 5), with the session it names (PADS, PADT)
 * and the kind of its error tag; a Session packet by its PPP frame. */
static void append_pppoe(GString *s, const pd_obs_pppoe *e, gboolean *minor)
{
    static const struct { guint8 code; const char *name; } codes[] = {
        {PD_PPPOE_PADI, "PADI"}, {PD_PPPOE_PADO, "PADO"}, {PD_PPPOE_PADR, "PADR"},
        {PD_PPPOE_PADS, "PADS"}, {PD_PPPOE_PADT, "PADT"},
    };
    if (e->code == PD_PPPOE_SESSION) {
        if (e->ppp.protocol)
            append_ppp(s, "PPPoE ", &e->ppp, minor);
        else
            g_string_append_printf(s, "PPPoE session 0x%04x (no PPP decoded)", e->session_id);
        return;
    }
    const char *name = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(codes); i++)
        if (codes[i].code == e->code)
            name = codes[i].name;
    if (name)
        g_string_append_printf(s, "PPPoE %s", name);
    else
        g_string_append_printf(s, "PPPoE code 0x%02x", e->code);
    if (e->session_id || e->code == PD_PPPOE_PADS || e->code == PD_PPPOE_PADT)
        g_string_append_printf(s, " session 0x%04x", e->session_id);
    switch (e->error_tag) {
    case PD_PPPOE_TAG_SERVICE_NAME_ERROR: g_string_append(s, " (Service-Name-Error)"); break;
    case PD_PPPOE_TAG_AC_SYSTEM_ERROR: g_string_append(s, " (AC-System-Error)"); break;
    case PD_PPPOE_TAG_GENERIC_ERROR: g_string_append(s, " (Generic-Error)"); break;
    default: break;
    }
}

/* A control message by its type (RFC 2661 section 3.2), a ZLB as such, with its Result Code AVP
 * (section 4.4.2: result, error and message); a data message by its PPP frame. ZLB
 * acknowledgments and Hellos are minor, as PPP's keepalives. */
static void append_l2tp(GString *s, const pd_obs_l2tp *l, gboolean *minor)
{
    static const char *const types[] = {
        [PD_L2TP_SCCRQ] = "SCCRQ", [PD_L2TP_SCCRP] = "SCCRP", [PD_L2TP_SCCCN] = "SCCCN",
        [PD_L2TP_StopCCN] = "StopCCN", [PD_L2TP_HELLO] = "Hello", [PD_L2TP_OCRQ] = "OCRQ",
        [PD_L2TP_OCRP] = "OCRP", [PD_L2TP_OCCN] = "OCCN", [PD_L2TP_ICRQ] = "ICRQ",
        [PD_L2TP_ICRP] = "ICRP", [PD_L2TP_ICCN] = "ICCN", [PD_L2TP_CDN] = "CDN",
        [PD_L2TP_WEN] = "WEN", [PD_L2TP_SLI] = "SLI",
    };
    if (!l->control) {
        if (l->ppp.protocol)
            append_ppp(s, "L2TP ", &l->ppp, minor);
        else
            g_string_append(s, "L2TP data (no PPP decoded)");
        return;
    }
    if (l->zlb) {
        g_string_append(s, "L2TP ZLB");
        *minor = TRUE;
        return;
    }
    const char *name = l->type < G_N_ELEMENTS(types) ? types[l->type] : NULL;
    if (name)
        g_string_append_printf(s, "L2TP %s", name);
    else
        g_string_append_printf(s, "L2TP type %u", l->type);
    if (l->has_result)
        g_string_append_printf(s, " result %u", l->result);
    if (l->has_error)
        g_string_append_printf(s, " error %u", l->error);
    if (l->error_message[0])
        g_string_append_printf(s, " (%s)", l->error_message);
    *minor = l->type == PD_L2TP_HELLO;
}

/* An IKE message: IKEv2's by its exchange and whether it is a request or a response (RFC 7296
 * section 3.1: the R flag), with an Encrypted Fragment's numbers; IKEv1's by its exchange
 * (mode); then the error notifies it shows in clear (types below 16384, RFC 7296 section
 * 3.10.1), named. An Informational exchange with no notify in clear (a liveness check, or a
 * Delete inside the encryption) is minor, as PPP's keepalives. */
static void append_ike(GString *s, const pd_obs_ike *k, gboolean *minor)
{
    static const struct { guint8 version, exchange; const char *name; } exchanges[] = {
        {1, PD_IKE_V1_MAIN, "IKEv1 Main Mode"}, {1, PD_IKE_V1_AGGRESSIVE, "IKEv1 Aggressive Mode"},
        {1, PD_IKE_V1_INFO, "IKEv1 Informational"}, {1, PD_IKE_V1_QUICK, "IKEv1 Quick Mode"},
        {2, PD_IKE_SA_INIT, "IKE_SA_INIT"}, {2, PD_IKE_AUTH, "IKE_AUTH"},
        {2, PD_IKE_CREATE_CHILD_SA, "CREATE_CHILD_SA"}, {2, PD_IKE_INFORMATIONAL, "INFORMATIONAL"},
    };
    const char *name = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(exchanges); i++)
        if (exchanges[i].version == k->version && exchanges[i].exchange == k->exchange)
            name = exchanges[i].name;
    if (name)
        g_string_append(s, name);
    else
        g_string_append_printf(s, "IKEv%u exchange %u", k->version, k->exchange);
    if (k->version == 2)
        g_string_append(s, k->flags & PD_IKE_F_RESPONSE ? " response" : " request");
    if (k->frag_total)
        g_string_append_printf(s, " fragment %u/%u", k->frag_number, k->frag_total);
    guint n_errors = 0;
    for (guint i = 0; i < k->n_notify; i++) {
        if (k->notify[i] >= 16384)
            continue; /* status types: NAT detection, fragmentation supported, ... */
        const char *nn = pd_ike_notify_name(k->notify[i]);
        g_string_append(s, n_errors++ ? ", " : " (");
        if (nn)
            g_string_append(s, nn);
        else
            g_string_append_printf(s, "notify %u", k->notify[i]);
    }
    if (n_errors)
        g_string_append_c(s, ')');
    *minor = !k->n_notify && (k->version == 1 ? k->exchange == PD_IKE_V1_INFO
                                              : k->exchange == PD_IKE_INFORMATIONAL);
}

static void append_icmp(GString *s, const pd_observation *o)
{
    const pd_obs_icmp *ic = &o->icmp;
    gboolean v6 = o->src.family == 6;
    guint8 family = v6 ? 6 : 4;
    const char *tname = pd_icmp_type_name(family, ic->type);
    const char *cname = pd_icmp_code_name(family, ic->type, ic->code);
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
    case PD_IPPROTO_UDP: /* its port when the quote holds it */
        if (ic->quoted_udp_dport)
            g_string_append_printf(s, ", quoting UDP port %u", ic->quoted_udp_dport);
        else
            g_string_append_printf(s, ", quoting IP protocol %u", ic->quoted_proto);
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
    if (qt) {
        g_string_append_c(s, ' ');
        g_string_append(s, qt);
    } else if (d->qtype)
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
            if (!first)
                g_string_append_c(s, '/');
            g_string_append(s, bits[i].name);
            first = FALSE;
        }
    }
    if (first)
        g_string_append(s, "(no flags)");
}

/* What this reads of a frame that is a GRE packet alone or a TCP segment with at most one PPTP
 * message must be in text_key, which memoizes those frames' texts by it (the test plugin.labels
 * varies each such fact). */
const char *pptpdiag_label_text(const pd_observation *obs, guint n, gboolean *minor)
{
    if (!text_buf)
        text_buf = g_string_sized_new(96);
    GString *s = g_string_truncate(text_buf, 0); /* one buffer for every label: text interned */
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
        g_string_append(s, s->len ? ", PPTP " : "PPTP ");
        gboolean first = TRUE;
        for (guint i = 0; i < n; i++) {
            if (obs[i].kind != PD_OBS_PPTP)
                continue;
            const char *pn = pd_pptp_msg_abbrev(obs[i].pptp.type);
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
            append_gre(s, &obs[i].gre, &is_minor);
        } else if (obs[i].kind == PD_OBS_ICMP_ERROR) {
            g_string_append(s, s->len ? ", " : "");
            append_icmp(s, &obs[i]);
        } else if (obs[i].kind == PD_OBS_DNS) {
            g_string_append(s, s->len ? ", " : "");
            append_dns(s, &obs[i].dns);
        } else if (obs[i].kind == PD_OBS_TCP_SYN) { /* a port scan's probe of another port */
            g_string_append(s, s->len ? ", " : "");
            g_string_append_printf(s, "TCP SYN to port %u", obs[i].tcp.dport);
        } else if (obs[i].kind == PD_OBS_PPPOE && n == 1) { /* else the carrier of the others */
            append_pppoe(s, &obs[i].pppoe, &is_minor);
        } else if (obs[i].kind == PD_OBS_L2TP) {
            g_string_append(s, s->len ? ", " : "");
            append_l2tp(s, &obs[i].l2tp, &is_minor);
        } else if (obs[i].kind == PD_OBS_PPP && n == 1) { /* else the carrier of the others */
            append_ppp(s, "", &obs[i].pppframe.ppp, &is_minor);
        } else if (obs[i].kind == PD_OBS_IKE) {
            g_string_append(s, s->len ? ", " : "");
            append_ike(s, &obs[i].ike, &is_minor);
        } else if (obs[i].kind == PD_OBS_ESP) { /* encrypted data, as PPP's */
            g_string_append(s, s->len ? ", " : "");
            g_string_append(s, obs[i].espkt.natt ? "ESP in UDP" : "ESP");
            is_minor = TRUE;
        }
    }
    if (!s->len)
        g_string_append(s, "(nothing pptpdiag names)");
    const char *text = g_intern_string(s->str);
    if (minor)
        *minor = is_minor;
    return text;
}

/* The facts the text of a frame depends on, packed in 64 bits, for the frames PPTP traffic
 * is mostly made of: a GRE packet alone (append_gre reads its PPP protocol and code, and
 * whether it has a payload), or a TCP segment with at most one PPTP message (its flags, whether
 * it has a payload, the message's type and result); and IPsec's data, an ESP packet alone
 * (whether in UDP). 0 for any other frame. */
static guint64 text_key(const pd_observation *obs, guint n)
{
    if (n == 1 && obs[0].kind == PD_OBS_ESP)
        return G_GUINT64_CONSTANT(3) << 60 | (obs[0].espkt.natt != 0);
    if (n == 1 && obs[0].kind == PD_OBS_GRE) {
        const pd_obs_gre *g = &obs[0].gre;
        return G_GUINT64_CONSTANT(1) << 60 | (guint64)g->ppp.protocol << 16 |
               (guint64)g->ppp.code << 8 | (g->payload_len != 0);
    }
    if (obs[0].kind == PD_OBS_TCP && (n == 1 || (n == 2 && obs[1].kind == PD_OBS_PPTP))) {
        const pd_obs_tcp *t = &obs[0].tcp;
        guint64 k = G_GUINT64_CONSTANT(2) << 60 | (guint64)t->flags << 40 |
                    (guint64)(t->payload_len != 0) << 39;
        if (n == 2) {
            const pd_obs_pptp *m = &obs[1].pptp;
            k |= G_GUINT64_CONSTANT(1) << 38 | (guint64)m->type << 16 |
                 (guint64)(m->has_result != 0) << 8 | m->result;
        }
        return k;
    }
    return 0;
}

const char *pptpdiag_label_text_memo(const pd_observation *obs, guint n, gboolean *minor)
{
    guint64 key = n ? text_key(obs, n) : 0;
    if (!key)
        return pptpdiag_label_text(obs, n, minor);
    if (memo_last && key == memo_last_key) { /* runs of data packets: the same facts */
        if (minor)
            *minor = memo_last->minor;
        return memo_last->text;
    }
    if (!text_memo)
        text_memo = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);
    const text_memo_entry *e = g_hash_table_lookup(text_memo, &key);
    if (!e && g_hash_table_size(text_memo) >= TEXT_MEMO_MAX)
        return pptpdiag_label_text(obs, n, minor);
    if (!e) {
        text_memo_entry *ne = g_new(text_memo_entry, 1);
        ne->text = pptpdiag_label_text(obs, n, &ne->minor);
        g_hash_table_insert(text_memo, g_memdup2(&key, sizeof key), ne);
        e = ne;
    }
    memo_last_key = key;
    memo_last = e;
    if (minor)
        *minor = e->minor;
    return e->text;
}

void pptpdiag_labels_record(pd_engine *e, const pd_observation *obs, guint n)
{
    if (!e || n == 0)
        return;
    label_payload *p = pd_engine_frame_attach(e, obs[0].frame);
    if (!p)
        return;
    p->time = obs[0].time;
    p->src = intern_addr(&obs[0].src);
    p->dst = intern_addr(&obs[0].dst);
    last_addr[0] = p->src + 1;
    last_addr[1] = p->dst + 1;
    gboolean minor = FALSE;
    p->text = want_text ? pptpdiag_label_text_memo(obs, n, &minor) : NULL;
    p->minor = minor != FALSE;
}

void pptpdiag_labels_mark(pd_engine *e, guint32 frame)
{
    if (e)
        pd_engine_frame_mark(e, frame);
}

/* @out from @p, the label of @frame. */
static void label_of(guint32 frame, const label_payload *p, pptpdiag_label *out)
{
    out->frame = frame;
    out->time = p->time;
    out->src = g_array_index(addrs, pd_addr, p->src);
    out->dst = g_array_index(addrs, pd_addr, p->dst);
    out->text = p->text;
    out->minor = p->minor;
}

gboolean pptpdiag_labels_next(const pd_engine *e, guint32 *frame, pptpdiag_label *out)
{
    guint32 f = *frame;
    const label_payload *p = e ? pd_engine_frame_payload_next(e, &f) : NULL;
    if (!p)
        return FALSE;
    *frame = f;
    if (out)
        label_of(f, p, out);
    return TRUE;
}

gboolean pptpdiag_labels_get(const pd_engine *e, guint32 frame, pptpdiag_label *out)
{
    const label_payload *p = e ? pd_engine_frame_payload(e, frame) : NULL;
    if (!p)
        return FALSE;
    label_of(frame, p, out);
    return TRUE;
}

gboolean pptpdiag_labels_has(const pd_engine *e, guint32 frame)
{
    return e && (pd_engine_frame_payload(e, frame) || pd_engine_frame_marked(e, frame));
}
