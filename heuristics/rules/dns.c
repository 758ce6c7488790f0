/* rules/dns.c: the VPN server's name did not resolve (RFC 1035): NXDOMAIN, or queries never
 * answered, with no connection to TCP 1723 after them. Concluded at the end of the capture, and
 * only for a name that can be the VPN server's: a host name (not one Windows looks up by
 * itself), that resolved in none of its search-list forms, of a client that did not resolve a
 * name and connect to it, and the only such name the client looked up (issue 29, class 8).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "rules.h"
#include "pd_track_path.h"

#include <string.h>

/* Unanswered: the same name asked DNS_MIN_QUERIES times or more without an answer. */
#define DNS_MIN_QUERIES 2

/* A SYN to TCP 1723 at most DNS_USE_SECONDS after a lookup's answer uses the name answered,
 * whatever address it goes to (the answer's address unread, or another of its addresses): a
 * VPN client dials as soon as the server's name resolves (Windows' RAS and Linux's pptp connect
 * within milliseconds of the answer). A SYN later than that uses the name only when it goes to
 * the address answered (a redial from the resolver's cache asks no DNS again). */
#define DNS_USE_SECONDS 2

/* What both rows require of the lookup, for their wire text. */
#define DNS_ONLY_NAME                                                                          \
    "the name resolved in none of its search-list forms (the name with a DNS suffix appended, "  \
    "or without it: RFC 1123 6.1.4.3), it is the only host name the client looked up since its " \
    "last SYN to TCP 1723 (in the capture, if none), names Windows looks up by itself do not "   \
    "count (first label wpad, isatap or teredo; in msftncsi.com or msftconnecttest.com; a label " \
    "starting with _), and the client did not resolve a name and connect to TCP 1723 at the "     \
    "address answered (or within " G_STRINGIFY(DNS_USE_SECONDS) " s of the answer); when the "    \
    "capture holds PPTP, only for a host whose connections to TCP 1723 all failed"

static const pd_rule nxdomain = {
    .id = PD_RULE_DNS_NXDOMAIN, .name = "dns-nxdomain", .key = "dns_nxdomain",
    .severity = PD_SEV_WARN, .group = PD_GROUP_RESPONSE,
    .summary = "VPN server name did not resolve: DNS answered NXDOMAIN and no PPTP connection followed",
    .ras = {868, 0},
    .fix = "Check the VPN server name in the connection settings (typo, old name) and the DNS record; "
           "try the server's IP address; if the name is right, the client network's DNS is at fault.",
    .seeds = "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868), 001_0504ecfb6838ebee.txt (DNS issues)",
    .wire = "an A/AAAA lookup of a name is answered NXDOMAIN and no SYN to TCP 1723 follows from that client; " DNS_ONLY_NAME,
    .confidence = "likely when the capture holds no PPTP at all, else possible (reported at the end of the capture); none when the client looked up other host names too (a capture of the tunnel's own interface, a laptop's ordinary lookups: nothing tells which name was the VPN server's)",
};

static const pd_rule unanswered = {
    .id = PD_RULE_DNS_UNANSWERED, .name = "dns-unanswered", .key = "dns_unanswered",
    .severity = PD_SEV_WARN, .group = PD_GROUP_SEQUENCE,
    .summary = "VPN server name did not resolve: DNS queries were never answered",
    .ras = {868, 0},
    .fix = "Check that the client's DNS server is reachable and answers (nslookup NAME SERVER), that a "
           "captive portal was accepted, or use the VPN server's IP address.",
    .seeds = "003_965bd2a90097e84d.txt (868), 004_10239a7ff750633b.txt (868)",
    .wire = "the client asks the same A/AAAA name " G_STRINGIFY(DNS_MIN_QUERIES) " times or more, never answered, and no SYN to TCP 1723 follows; " DNS_ONLY_NAME,
    .confidence = "likely when the capture holds no PPTP at all, else possible (end of capture); none when the client looked up other host names too",
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
        g_hash_table_add(s->ctl.sccrp_frame || s->ctl.midstream ? up : failed, &s->info.client);
    }
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, up);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_hash_table_remove(failed, k);
    g_hash_table_destroy(up);
    return failed;
}

/* Names a Windows client looks up by itself, whatever it connects to: their failure says
 * nothing about a VPN server's name. By first label:
 *  - wpad: Web Proxy Auto-Discovery in the client's domain and its parents
 *    (draft-ietf-wrec-wpad-01 section 4.4.1; WinHTTP's automatic proxy detection, on by default);
 *  - isatap: the ISATAP router in the client's domain (RFC 5214 section 8.3.2; Windows' ISATAP
 *    adapter asks at start-up and at every change of network, Windows Vista to 10);
 *  - teredo: the Teredo server (RFC 4380 section 5.2.1; Windows' default is
 *    teredo.ipv6.microsoft.com). */
static const char *const background_labels[] = {"wpad", "isatap", "teredo"};
/* By domain: the Network Connectivity Status Indicator's probes, at every change of network
 * (dns.msftncsi.com, www.msftncsi.com before Windows 10 1607; www.msftconnecttest.com and
 * ipv6.msftconnecttest.com since). */
static const char *const background_domains[] = {"msftncsi.com", "msftconnecttest.com"};

/* TRUE if @name ends with the labels of @domain (or is it), ASCII case ignored (RFC 4343). */
static gboolean in_domain(const char *name, const char *domain)
{
    gsize n = strlen(name), d = strlen(domain);
    return n >= d && g_ascii_strcasecmp(name + n - d, domain) == 0 &&
           (n == d || name[n - d - 1] == '.');
}

/* TRUE if @name can be a VPN server's name: a host name, which a Windows client does not look up
 * by itself (background_labels, background_domains). A label starting with an underscore names
 * a service (RFC 2782 SRV owner names, RFC 8552), never a host: host names are letters, digits
 * and hyphens (RFC 952, RFC 1123 section 2.1); Windows asks _ldap._tcp.dc._msdcs.DOMAIN and the
 * like to find its domain controllers. */
static gboolean host_name(const char *name)
{
    if (name[0] == '_' || strstr(name, "._"))
        return FALSE;
    const char *dot = strchr(name, '.');
    gsize first = dot ? (gsize)(dot - name) : strlen(name);
    for (guint i = 0; i < G_N_ELEMENTS(background_labels); i++)
        if (first == strlen(background_labels[i]) &&
            g_ascii_strncasecmp(name, background_labels[i], first) == 0)
            return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS(background_domains); i++)
        if (in_domain(name, background_domains[i]))
            return FALSE;
    return TRUE;
}

/* TRUE if @name is @root or one of its search-list forms: @root with a DNS suffix appended (a
 * resolver tries the name with each suffix of its search list, before or after the name as
 * typed: RFC 1123 section 6.1.4.3; Windows' primary and connection-specific suffixes, DHCP
 * option 15 and 119 (RFC 3397); glibc's resolv.conf search and ndots). */
static gboolean search_form(const char *name, const char *root)
{
    gsize r = strlen(root);
    return g_ascii_strncasecmp(name, root, r) == 0 && (name[r] == '\0' || name[r] == '.');
}

static gboolean failed(const pd_dns_lookup *l)
{
    return !l->ok && ((l->response && l->rcode == 3) ||
                      (!l->response && l->n_queries >= DNS_MIN_QUERIES));
}

/* The frame where lookup @l failed: its NXDOMAIN answer, or its last unanswered query. */
static guint32 failed_at(const pd_dns_lookup *l)
{
    return l->response ? l->response : l->last_query;
}

/* The frame of @client's last SYN to TCP 1723, 0 if none. */
static guint32 last_syn(pd_engine *e, const pd_addr *client)
{
    return GPOINTER_TO_UINT(g_hash_table_lookup(e->pptp.last_syn, client));
}

/* g_ptr_array_sort order of pd_dns_lookup pointers: by first query frame. */
static gint lookup_cmp(gconstpointer a, gconstpointer b)
{
    const pd_dns_lookup *x = *(pd_dns_lookup *const *)a, *y = *(pd_dns_lookup *const *)b;
    return x->first_query < y->first_query ? -1 : x->first_query > y->first_query;
}

/* g_ptr_array_sort order of answered lookups: by answer frame. */
static gint answer_cmp(gconstpointer a, gconstpointer b)
{
    const pd_dns_lookup *x = *(pd_dns_lookup *const *)a, *y = *(pd_dns_lookup *const *)b;
    return x->answer_frame < y->answer_frame ? -1 : x->answer_frame > y->answer_frame;
}

/* A client and an address it was answered, the key of the first answer of that address. */
typedef struct {
    pd_addr client, answer;
} answer_key;

static guint answer_key_hash(gconstpointer k)
{
    const answer_key *a = k;
    return pd_addr_hash(&a->client) * 31u + pd_addr_hash(&a->answer);
}

static gboolean answer_key_eq(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(answer_key)) == 0;
}

static void ptr_array_free(gpointer a)
{
    g_ptr_array_free(a, TRUE);
}

/* Clients whose VPN server's name resolved and was used: a lookup of a host name was answered
 * an address, and a control connection of the client then sent its SYN to TCP 1723 at that
 * address, or at any address within DNS_USE_SECONDS of the answer. A name that fails afterwards
 * is another name (an intranet name looked up off the VPN, or beside or inside the tunnel).
 * Sessions evicted since (health checks, healthy sessions: pd_engine.h) are not seen. Keys point
 * into the sessions. */
static GHashTable *used_clients(pd_engine *e)
{
    GHashTable *first = g_hash_table_new_full(answer_key_hash, answer_key_eq, g_free, NULL);
    GHashTable *by_client = g_hash_table_new_full(pd_addr_hash, pd_addr_eq, NULL, ptr_array_free);
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, e->dns);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        pd_dns_lookup *l = v;
        if (!l->answer_frame || !host_name(l->name))
            continue;
        answer_key k = {l->client, l->answer};
        guint32 at = GPOINTER_TO_UINT(g_hash_table_lookup(first, &k));
        if (l->answer.family && (!at || l->answer_frame < at))
            g_hash_table_replace(first, g_memdup2(&k, sizeof k),
                                 GUINT_TO_POINTER(l->answer_frame));
        GPtrArray *a = g_hash_table_lookup(by_client, &l->client);
        if (!a)
            g_hash_table_insert(by_client, &l->client, a = g_ptr_array_new());
        g_ptr_array_add(a, l);
    }
    g_hash_table_iter_init(&it, by_client);
    while (g_hash_table_iter_next(&it, NULL, &v))
        g_ptr_array_sort(v, answer_cmp);
    GHashTable *used = g_hash_table_new(pd_addr_hash, pd_addr_eq);
    for (guint i = 0; i < e->sessions->len; i++) {
        const pd_session *s = g_ptr_array_index(e->sessions, i);
        if (!s || !s->ctl.n_syn || s->info.gre_only || s->info.name)
            continue;
        GPtrArray *a = g_hash_table_lookup(by_client, &s->ctl.key.client);
        if (!a)
            continue;
        answer_key k = {s->ctl.key.client, s->ctl.key.server};
        guint32 at = GPOINTER_TO_UINT(g_hash_table_lookup(first, &k));
        /* the client's last answer before the session's first SYN (binary search) */
        guint lo = 0, hi = a->len;
        while (lo < hi) {
            guint mid = (lo + hi) / 2;
            const pd_dns_lookup *l = g_ptr_array_index(a, mid);
            if (l->answer_frame < s->ctl.first_syn)
                lo = mid + 1;
            else
                hi = mid;
        }
        const pd_dns_lookup *before = lo ? g_ptr_array_index(a, lo - 1) : NULL;
        if ((at && at < s->ctl.last_syn) ||
            (before && s->ctl.first_syn_time - before->answer_time <= DNS_USE_SECONDS))
            g_hash_table_add(used, (gpointer)&s->ctl.key.client);
    }
    g_hash_table_destroy(by_client);
    g_hash_table_destroy(first);
    return used;
}

/* The lookup that failed the VPN server's name among @ls, the lookups of host names a client
 * made since its last SYN to TCP 1723 (@syn, 0 if none), or NULL: they are all of one name and
 * its search-list forms (other names: nothing tells which one was the VPN server's), none of
 * them resolved, and one failed. The name's shortest failed form is reported (the name as
 * typed; its last lookup if asked under several cases). */
static pd_dns_lookup *server_name_lookup(GPtrArray *ls, guint32 syn)
{
    const pd_dns_lookup *root = NULL;
    for (guint i = 0; i < ls->len; i++) {
        const pd_dns_lookup *l = g_ptr_array_index(ls, i);
        if (!root || strlen(l->name) < strlen(root->name))
            root = l;
    }
    pd_dns_lookup *pick = NULL;
    for (guint i = 0; i < ls->len; i++) {
        pd_dns_lookup *l = g_ptr_array_index(ls, i);
        if (l->ok || !search_form(l->name, root->name))
            return NULL; /* it resolved, or another name was looked up */
        if (!failed(l) || failed_at(l) <= syn)
            continue;
        if (!pick || strlen(l->name) < strlen(pick->name) ||
            (strlen(l->name) == strlen(pick->name) && l->last_query > pick->last_query))
            pick = l;
    }
    return pick;
}

/* A client whose lookups since its last SYN to TCP 1723 are of one name that failed
 * (server_name_lookup) gets a DNS session with that lookup as its finding (868), unless it
 * resolved a name and connected to it (used_clients): in a capture without PPTP, any client;
 * with PPTP, only a host that failed to connect (failed_clients). */
static void on_finish_engine(pd_engine *e)
{
    GHashTable *relevant = e->saw_pptp ? failed_clients(e) : NULL;
    GHashTable *used = used_clients(e);
    /* Each client's lookups of host names that end after its last SYN to TCP 1723. */
    GHashTable *since = g_hash_table_new_full(pd_addr_hash, pd_addr_eq, NULL, ptr_array_free);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, e->dns);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        pd_dns_lookup *l = v;
        if (!host_name(l->name) || MAX(l->last_query, l->response) <= last_syn(e, &l->client))
            continue; /* a name Windows looks up by itself; a connection attempt followed */
        if ((relevant && !g_hash_table_contains(relevant, &l->client)) ||
            g_hash_table_contains(used, &l->client))
            continue; /* the VPN did not depend on it; the server's name resolved and was used */
        GPtrArray *a = g_hash_table_lookup(since, &l->client);
        if (!a)
            g_hash_table_insert(since, &l->client, a = g_ptr_array_new());
        g_ptr_array_add(a, l);
    }
    /* Sessions in the order of their lookups, not of the hash table. */
    GPtrArray *order = g_ptr_array_new();
    g_hash_table_iter_init(&it, since);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        pd_dns_lookup *l = server_name_lookup(v, last_syn(e, k));
        if (l)
            g_ptr_array_add(order, l);
    }
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
    g_hash_table_destroy(since);
    g_hash_table_destroy(used);
    if (relevant)
        g_hash_table_destroy(relevant);
}

const pd_family pd_family_dns = {
    .name = "dns", .rows = rows, .n_rows = G_N_ELEMENTS(rows),
    .on_finish_engine = on_finish_engine,
};
