/* rules/dns.c: the VPN server's name did not resolve (RFC 1035): NXDOMAIN, or queries never
 * answered, with no connection to TCP 1723 after them. Concluded at the end of the capture.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"

/* Unanswered: the same name asked DNS_MIN_QUERIES times or more without an answer. */
#define DNS_MIN_QUERIES 2

static const pd_rule nxdomain = {
    .id = PD_RULE_DNS_NXDOMAIN, .name = "dns-nxdomain", .key = "dns_nxdomain",
    .severity = PD_SEV_WARN, .group = PD_GROUP_RESPONSE,
    .summary = "VPN server name did not resolve: DNS answered NXDOMAIN and no PPTP connection followed",
    .ras = {868, 0},
    .fix = "Check the VPN server name in the connection settings (typo, old name) and the DNS record; "
           "try the server's IP address; if the name is right, the client network's DNS is at fault.",
    .seeds = "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868), 001_0504ecfb6838ebee.txt (DNS issues)",
    .wire = "the client's last A/AAAA lookup of a name is answered NXDOMAIN and no SYN to TCP 1723 follows from that client; when the capture holds PPTP, only for a host whose connections to TCP 1723 all failed",
    .confidence = "likely when the capture holds no PPTP at all, else possible (reported at the end of the capture)",
};

static const pd_rule unanswered = {
    .id = PD_RULE_DNS_UNANSWERED, .name = "dns-unanswered", .key = "dns_unanswered",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "VPN server name did not resolve: DNS queries were never answered",
    .ras = {868, 0},
    .fix = "Check that the client's DNS server is reachable and answers (nslookup NAME SERVER), that a "
           "captive portal was accepted, or use the VPN server's IP address.",
    .seeds = "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868)",
    .wire = "the client asks the same A/AAAA name " G_STRINGIFY(DNS_MIN_QUERIES) " times or more, never answered, and no SYN to TCP 1723 follows; when the capture holds PPTP, only for a host whose connections to TCP 1723 all failed",
    .confidence = "likely when the capture holds no PPTP at all, else possible (end of capture)",
};

static const pd_rule *const rows[] = {&nxdomain, &unanswered};

/* Hosts a failed lookup can matter to when the capture holds PPTP: clients of a control
 * connection none of whose connections came up (they failed to connect). A host whose VPN
 * connected, or that never tried TCP 1723, did not depend on the name (e.g. a Windows client's
 * isatap lookups). Keys point into the sessions. */
static GHashTable *failed_clients(pd_engine *e)
{
    GHashTable *up = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    GHashTable *failed = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    for (guint i = 0; i < e->sessions->len; i++) {
        pd_session *s = g_ptr_array_index(e->sessions, i);
        if (!s || s->info.gre_only || s->info.name)
            continue; /* evicted (a health check or a healthy session), GRE-only, DNS */
        g_hash_table_add(s->sccrp_frame || s->midstream ? up : failed, &s->info.client);
    }
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, up);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_remove(failed, k);
    g_hash_table_destroy(up);
    return failed;
}

/* g_ptr_array_sort order of pd_dns_lookup pointers: by first query frame. */
static gint lookup_cmp(gconstpointer a, gconstpointer b)
{
    const pd_dns_lookup *x = *(pd_dns_lookup *const *)a, *y = *(pd_dns_lookup *const *)b;
    return x->first_query < y->first_query ? -1 : x->first_query > y->first_query;
}

/* A querier whose last lookup of a name failed, and that tried no TCP 1723 after it, gets a DNS
 * session with that lookup as its finding (868): in a capture without PPTP, any querier; with
 * PPTP, only a host that failed to connect (failed_clients). */
static void on_finish_engine(pd_engine *e)
{
    GHashTable *relevant = e->saw_pptp ? failed_clients(e) : NULL;
    /* The last failed lookup per querier. */
    GHashTable *last = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, e->dns);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        pd_dns_lookup *l = v;
        gboolean nx = l->response && l->rcode == 3;
        gboolean silent = !l->response && l->n_queries >= DNS_MIN_QUERIES;
        if (l->ok || (!nx && !silent))
            continue;
        guint32 at = nx ? l->response : l->last_query;
        guint32 syn = GPOINTER_TO_UINT(g_hash_table_lookup(e->last_syn, &l->client));
        if (syn > at)
            continue; /* a connection attempt followed: the lookup was not what failed */
        if (relevant && !g_hash_table_contains(relevant, &l->client))
            continue; /* the VPN did not depend on it */
        pd_dns_lookup *prev = g_hash_table_lookup(last, &l->client);
        if (!prev || prev->last_query < l->last_query)
            g_hash_table_replace(last, &l->client, l);
    }
    /* Sessions in the order of their lookups, not of the hash table. */
    GPtrArray *order = g_ptr_array_new();
    g_hash_table_iter_init(&it, last);
    while (g_hash_table_iter_next(&it, &k, &v))
        g_ptr_array_add(order, v);
    g_ptr_array_sort(order, lookup_cmp);
    for (guint i = 0; i < order->len; i++) {
        pd_dns_lookup *l = g_ptr_array_index(order, i);
        gboolean nx = l->response && l->rcode == 3;
        pd_session *s = pd_track_dns_session(e, l);
        char *srv = pd_addr_dup(&l->server);
        char *cause = nx ? g_strdup_printf(
                               "%s answered the lookup of %s with NXDOMAIN (no such name) and the "
                               "client made no TCP 1723 connection after it: if %s is the VPN "
                               "server's name, the connection fails before it starts (the name is "
                               "wrong or its DNS record missing).",
                               srv, l->name, l->name)
                         : g_strdup_printf(
                               "The client asked %s for %s %u times and got no answer, and made no "
                               "TCP 1723 connection after it: if %s is the VPN server's name, the "
                               "connection fails before it starts (DNS server unreachable).",
                               srv, l->name, l->n_queries, l->name);
        g_free(srv);
        pd_finding *f = pd_finding_new(e, s, NULL, nx ? l->nx_frame : l->last_query,
                                       nx ? PD_RULE_DNS_NXDOMAIN : PD_RULE_DNS_UNANSWERED,
                                       PD_NO_VARIANT,
                                       e->saw_pptp ? PD_CONF_POSSIBLE : PD_CONF_LIKELY, cause);
        pd_evidence(f, l->first_query);
        pd_evidence(f, l->last_query);
        pd_evidence(f, l->response);
    }
    g_ptr_array_free(order, TRUE);
    g_hash_table_destroy(last);
    if (relevant)
        g_hash_table_destroy(relevant);
}

const pd_family pd_family_dns = {
    .name = "dns", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .on_finish_engine = on_finish_engine,
};
