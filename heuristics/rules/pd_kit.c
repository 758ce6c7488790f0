/* pd_kit.c: the rules' kit (see pd_kit.h): side names, the capture point from TTLs, waits that
 * leave out the capture's own silences, and the text pieces several families' causes share.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_kit.h"

const char *pd_side_name(int dir)
{
    return dir == PD_DIR_PNS ? "client" : "server";
}

static gboolean initial_ttl(guint8 ttl)
{
    return ttl == 64 || ttl == 128 || ttl == 255 || ttl == 32;
}

guint pd_hops_away(guint8 ttl)
{
    return ttl <= 32 ? 32u - ttl : ttl <= 64 ? 64u - ttl : ttl <= 128 ? 128u - ttl : 255u - ttl;
}

gboolean pd_session_same_link(const pd_session *s)
{
    return s->client_ttl && s->server_ttl && initial_ttl(s->client_ttl) &&
           initial_ttl(s->server_ttl) && !s->ttl_varies;
}

gboolean pd_call_capture_lacks_gre(const pd_link *c, double now)
{
    if (!c->established || pd_pptp_gre(c, PD_DIR_PNS) || pd_pptp_gre(c, PD_DIR_PAC))
        return FALSE;
    if (c->pptp.sli_frame)
        return TRUE;
    pd_vantage v = pd_session_vantage(c->s);
    if (v != PD_VANTAGE_CLIENT && v != PD_VANTAGE_SERVER && !pd_session_same_link(c->s))
        return FALSE;
    return now - c->up_time >= PD_OWN_GRE_GRACE;
}

double pd_call_wait_start(const pd_link *c, guint32 *frame)
{
    const pd_ppp_link *l = c->ppp;
    int first = -1; /* the direction of the call's first GRE packet */
    for (int d = 0; l && d < 2; d++)
        if (l->first_rx[d] && (first < 0 || l->first_rx_time[d] < l->first_rx_time[first]))
            first = d;
    gboolean gre = first >= 0 && l->first_rx_time[first] >= c->up_time;
    if (frame)
        *frame = gre ? l->first_rx[first] : c->reply_frame;
    return gre ? l->first_rx_time[first] : c->up_time;
}

double pd_unseen_since(const pd_engine *e, double since)
{
    if (!e->gaps || !e->gaps->len)
        return 0;
    /* the first silence that ended after @since: the ones before it are not in the window */
    guint lo = 0, hi = e->gaps->len;
    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(e->gaps, pd_gap, mid).end <= since)
            lo = mid + 1;
        else
            hi = mid;
    }
    return e->unseen - (lo ? g_array_index(e->gaps, pd_gap, lo - 1).unseen : 0);
}

double pd_waited(const pd_engine *e, double since)
{
    return e->last_time - since - pd_unseen_since(e, since);
}

pd_vantage pd_session_vantage(const pd_session *s)
{
    /* PPP captured on its own, with its direction: the capturing host is one end */
    if (s->info.carrier == PD_CARRIER_PPP && s->info.client.family == PD_ADDR_END)
        return s->info.client.bytes[0] == PD_END_LOCAL ? PD_VANTAGE_CLIENT : PD_VANTAGE_SERVER;
    if (s->client_ttl == 0 || s->server_ttl == 0)
        return PD_VANTAGE_UNKNOWN;
    gboolean c = initial_ttl(s->client_ttl), v = initial_ttl(s->server_ttl);
    if (c && !v)
        return PD_VANTAGE_CLIENT;
    if (v && !c)
        return PD_VANTAGE_SERVER;
    if (!c && !v)
        return PD_VANTAGE_BETWEEN;
    return PD_VANTAGE_UNKNOWN;
}

char *pd_addr_dup(const pd_addr *a)
{
    char buf[64];
    return g_strdup(pd_addr_to_str(a, buf, sizeof buf));
}

char *pd_quoted_text(const char *msg)
{
    return msg && msg[0] ? g_strdup_printf(" \"%s\"", msg) : g_strdup("");
}

char *pd_ended_text(const pd_link *c, int by, guint32 frame)
{
    if (by >= 0 && c->ppp && c->ppp->lcp_term[by]) {
        char *m = pd_quoted_text(c->ppp->term_msg[by]);
        char *out = g_strdup_printf("the %s then ended the link (LCP Terminate-Request%s, frame %u)",
                                    pd_side_name(by), m, c->ppp->lcp_term[by]);
        g_free(m);
        return out;
    }
    return g_strdup_printf("the %s then ended (frame %u)", pd_link_noun(c), frame);
}

const char *pd_link_noun(const pd_link *c)
{
    switch (c->s->info.carrier) {
    case PD_CARRIER_PPPOE: return "PPPoE session";
    case PD_CARRIER_L2TP: return "L2TP session";
    case PD_CARRIER_PPP: return "PPP link";
    default: return "call";
    }
}

const char *pd_link_transport(const pd_link *c)
{
    switch (c->s->info.carrier) {
    case PD_CARRIER_PPPOE: return "PPPoE";
    case PD_CARRIER_L2TP: return "L2TP";
    case PD_CARRIER_PPP: return "PPP";
    default: return "PPTP";
    }
}

const char *pd_link_packets(const pd_link *c)
{
    switch (c->s->info.carrier) {
    case PD_CARRIER_PPPOE: return "PPPoE session packets";
    case PD_CARRIER_L2TP: return "L2TP data messages (UDP 1701)";
    case PD_CARRIER_PPP: return "PPP frames";
    default: return "GRE";
    }
}
