/* obs_text.c: the observations of a PPTPDIAG_DUMP_OBS file (pd_obscodec.h records, written by a
 * plugin built with -DPPTPDIAG_DEV_HOOKS=ON: plugin/obsdump.h) as text, one line each, for the
 * tests that compare what the plugin extracts with what is expected (pppoe-obs.sh, l2tp-obs.sh).
 *
 *   obs_text DUMP
 *
 * A line: the frame number, the kind, source > destination, then the members that are not 0
 * (PPPoE's and L2TP's in full, with their PPP frame; of an ICMP error its type, code and what
 * it quotes: addresses, protocol, UDP ports; IKE's and ESP's compactly, ike_text and esp_text;
 * of the other kinds only their outer facts), so that a member set by mistake shows too (an IP
 * field in a PPPoE observation).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <glib.h>

#include "pd_obscodec.h"

static void ppp_text(GString *s, const pd_obs_ppp *p)
{
    if (p->protocol)
        g_string_append_printf(s, " ppp=0x%04x", p->protocol);
    if (p->code)
        g_string_append_printf(s, " code=%u", p->code);
    if (p->message[0])
        g_string_append_printf(s, " message=\"%s\"", p->message);
    if (p->malformed)
        g_string_append(s, " malformed");
    if (p->cp_options)
        g_string_append_printf(s, " options=0x%x", p->cp_options);
    if (p->auth_protocol)
        g_string_append_printf(s, " auth=0x%04x/0x%02x", p->auth_protocol, p->auth_algorithm);
    if (p->has_ipcp_address)
        g_string_append_printf(s, " ipcp_address=%u.%u.%u.%u", p->ipcp_address[0],
                               p->ipcp_address[1], p->ipcp_address[2], p->ipcp_address[3]);
    if (p->rejected_protocol)
        g_string_append_printf(s, " rejected_protocol=0x%04x", p->rejected_protocol);
    if (p->rejected_code)
        g_string_append_printf(s, " rejected_code=%u", p->rejected_code);
    if (p->mppe_bits)
        g_string_append_printf(s, " mppe=0x%08x", p->mppe_bits);
    if (p->mru)
        g_string_append_printf(s, " mru=%u", p->mru);
}

static void pppoe_text(GString *s, const pd_obs_pppoe *e)
{
    g_string_append_printf(s, " code=0x%02x session=0x%04x", e->code, e->session_id);
    if (e->has_service_name)
        g_string_append_printf(s, " service_name=\"%s\"", e->service_name);
    if (e->ac_name[0])
        g_string_append_printf(s, " ac_name=\"%s\"", e->ac_name);
    if (e->has_cookie)
        g_string_append(s, " cookie");
    if (e->max_payload)
        g_string_append_printf(s, " max_payload=%u", e->max_payload);
    if (e->error_tag)
        g_string_append_printf(s, " error=0x%04x \"%s\"", e->error_tag, e->error_text);
    ppp_text(s, &e->ppp);
}

static void l2tp_text(GString *s, const pd_obs_l2tp *l)
{
    g_string_append_printf(s, " udp=%u>%u %s tunnel=%u session=%u", l->sport, l->dport,
                           l->control ? "control" : "data", l->tunnel_id, l->session_id);
    if (l->has_seq)
        g_string_append_printf(s, " ns=%u nr=%u", l->ns, l->nr);
    if (l->type || l->zlb)
        g_string_append_printf(s, " type=%u%s", l->type, l->zlb ? " zlb" : "");
    if (l->assigned_tunnel_id)
        g_string_append_printf(s, " assigned_tunnel=%u", l->assigned_tunnel_id);
    if (l->assigned_session_id)
        g_string_append_printf(s, " assigned_session=%u", l->assigned_session_id);
    if (l->has_result)
        g_string_append_printf(s, " result=%u", l->result);
    if (l->has_error)
        g_string_append_printf(s, " error=%u", l->error);
    if (l->error_message[0])
        g_string_append_printf(s, " error_message=\"%s\"", l->error_message);
    if (l->host_name[0])
        g_string_append_printf(s, " host_name=\"%s\"", l->host_name);
    if (l->hidden)
        g_string_append(s, " hidden");
    ppp_text(s, &l->ppp);
}

static void icmp_text(GString *s, const pd_obs_icmp *ic)
{
    char a[64], b[64];
    g_string_append_printf(s, " icmp=%u/%u", ic->type, ic->code);
    if (ic->mtu)
        g_string_append_printf(s, " mtu=%u", ic->mtu);
    g_string_append_printf(s, " quoted=%s>%s/%u", pd_addr_to_str(&ic->quoted_src, a, sizeof a),
                           pd_addr_to_str(&ic->quoted_dst, b, sizeof b), ic->quoted_proto);
    if (ic->quoted_udp_sport || ic->quoted_udp_dport)
        g_string_append_printf(s, " udp=%u>%u", ic->quoted_udp_sport, ic->quoted_udp_dport);
}

/* @n bytes at @b in lower-case hexadecimal. */
static void hex_text(GString *s, const guint8 *b, guint n)
{
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", b[i]);
}

/* An IKE message: ports (natt: after the Non-ESP Marker; ip_fragmented), version and exchange
 * (named when known), flags, SPIs, Message ID, Length, first payload; then what its payloads
 * showed: encrypted and the fragment's numbers, notify types, SA transforms (proposal:type/id,
 * /keylen), KE group, NAT detection hash lengths (source/destination), vendors. */
static void ike_text(GString *s, const pd_obs_ike *k)
{
    static const struct { guint8 version, exchange; const char *name; } exchanges[] = {
        {1, PD_IKE_V1_MAIN, "main"}, {1, PD_IKE_V1_AGGRESSIVE, "aggressive"},
        {1, PD_IKE_V1_INFO, "info"}, {1, PD_IKE_V1_QUICK, "quick"},
        {2, PD_IKE_SA_INIT, "IKE_SA_INIT"}, {2, PD_IKE_AUTH, "IKE_AUTH"},
        {2, PD_IKE_CREATE_CHILD_SA, "CREATE_CHILD_SA"}, {2, PD_IKE_INFORMATIONAL, "INFORMATIONAL"},
    };
    static const struct { guint16 bit; const char *name; } vendors[] = {
        {PD_IKE_VID_MS_NT5, "ms_nt5"}, {PD_IKE_VID_NATT_RFC3947, "natt_rfc3947"},
        {PD_IKE_VID_NATT_DRAFT, "natt_draft"}, {PD_IKE_VID_FRAGMENTATION, "frag"},
        {PD_IKE_VID_DPD, "dpd"}, {PD_IKE_VID_STRONGSWAN, "strongswan"},
    };
    g_string_append_printf(s, " udp=%u>%u%s%s v%u", k->sport, k->dport, k->natt ? " natt" : "",
                           k->ip_fragmented ? " ip_fragmented" : "", k->version);
    const char *xn = NULL;
    for (gsize i = 0; i < G_N_ELEMENTS(exchanges); i++)
        if (exchanges[i].version == k->version && exchanges[i].exchange == k->exchange)
            xn = exchanges[i].name;
    if (xn)
        g_string_append_printf(s, " %s", xn);
    else
        g_string_append_printf(s, " exchange=%u", k->exchange);
    g_string_append_printf(s, " flags=0x%02x spis=", k->flags);
    hex_text(s, k->ispi, sizeof k->ispi);
    g_string_append_c(s, '/');
    hex_text(s, k->rspi, sizeof k->rspi);
    g_string_append_printf(s, " mid=%u len=%u first=%u", k->message_id, k->length,
                           k->first_payload);
    if (k->encrypted)
        g_string_append(s, " encrypted");
    if (k->frag_number || k->frag_total)
        g_string_append_printf(s, " frag=%u/%u", k->frag_number, k->frag_total);
    for (guint i = 0; i < k->n_notify; i++)
        g_string_append_printf(s, "%s%u", i ? "," : " notify=", k->notify[i]);
    for (guint i = 0; i < k->n_xforms; i++) {
        const pd_ike_xform *x = &k->xforms[i];
        g_string_append_printf(s, "%s%u:%u/%u", i ? "," : " xforms=", x->proposal, x->type,
                               x->id);
        if (x->keylen)
            g_string_append_printf(s, "/%u", x->keylen);
    }
    if (k->ke_group)
        g_string_append_printf(s, " ke=%u", k->ke_group);
    if (k->natd_src_len || k->natd_dst_len)
        g_string_append_printf(s, " natd=%u/%u", k->natd_src_len, k->natd_dst_len);
    gboolean first = TRUE;
    for (gsize i = 0; i < G_N_ELEMENTS(vendors); i++)
        if (k->vendors & vendors[i].bit) {
            g_string_append_printf(s, "%s%s", first ? " vendors=" : "+", vendors[i].name);
            first = FALSE;
        }
}

/* An ESP packet: SPI, Sequence Number, the UDP ports when in UDP 4500, its length. */
static void esp_text(GString *s, const pd_obs_esp *e)
{
    g_string_append_printf(s, " spi=0x%08x seq=%u", e->spi, e->seq);
    if (e->natt)
        g_string_append_printf(s, " natt udp=%u>%u", e->sport, e->dport);
    else if (e->sport || e->dport)
        g_string_append_printf(s, " udp=%u>%u", e->sport, e->dport);
    g_string_append_printf(s, " len=%u", e->len);
}

int main(int argc, char **argv)
{
    static const char *const kinds[PD_OBS_N_KINDS] = {
        [PD_OBS_TCP] = "tcp", [PD_OBS_PPTP] = "pptp", [PD_OBS_GRE] = "gre",
        [PD_OBS_ICMP_ERROR] = "icmp", [PD_OBS_DNS] = "dns", [PD_OBS_TCP_SYN] = "syn",
        [PD_OBS_PPPOE] = "pppoe", [PD_OBS_L2TP] = "l2tp", [PD_OBS_PPP] = "ppp",
        [PD_OBS_IKE] = "ike", [PD_OBS_ESP] = "esp",
    };
    gchar *data;
    gsize len;
    GError *err = NULL;
    if (argc != 2) {
        fprintf(stderr, "usage: obs_text DUMP\n");
        return 2;
    }
    if (!g_file_get_contents(argv[1], &data, &len, &err)) {
        fprintf(stderr, "obs_text: %s\n", err->message);
        return 2;
    }
    pd_decoder d;
    pd_record r;
    GString *s = g_string_new(NULL);
    pd_decoder_init(&d, (const guint8 *)data, len);
    while (pd_decoder_next(&d, &r)) {
        if (r.op != PD_OP_OBSERVE)
            continue;
        const pd_observation *o = &r.obs;
        char a[64], b[64];
        g_string_printf(s, "%u %s %s > %s", o->frame, kinds[o->kind],
                        pd_addr_to_str(&o->src, a, sizeof a), pd_addr_to_str(&o->dst, b, sizeof b));
        if (o->ttl || o->ip_id || o->ip_len || o->df)
            g_string_append_printf(s, " ip=%u/%u/%u/%d", o->ttl, o->ip_id, o->ip_len, o->df);
        if (o->kind == PD_OBS_PPPOE)
            pppoe_text(s, &o->pppoe);
        else if (o->kind == PD_OBS_L2TP)
            l2tp_text(s, &o->l2tp);
        else if (o->kind == PD_OBS_ICMP_ERROR)
            icmp_text(s, &o->icmp);
        else if (o->kind == PD_OBS_PPP) {
            g_string_append_printf(s, " interface=%u form=%s", o->pppframe.interface,
                                   o->pppframe.form == PD_PPP_FORM_NDISWAN ? "ndiswan" : "link");
            ppp_text(s, &o->pppframe.ppp);
        } else if (o->kind == PD_OBS_IKE)
            ike_text(s, &o->ike);
        else if (o->kind == PD_OBS_ESP)
            esp_text(s, &o->espkt);
        if (o->esp)
            g_string_append_printf(s, " decrypted_esp=%u", o->esp);
        if (o->cut_at)
            g_string_append_printf(s, " cut_at=%u lost=0x%02x", o->cut_at, o->lost);
        puts(s->str);
    }
    g_string_free(s, TRUE);
    g_free(data);
    return 0;
}
