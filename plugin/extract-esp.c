/* extract-esp.c: an ESP packet's SPI, Sequence Number and length, read from its bytes (see
 * extract-esp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-esp.h"

#include <string.h>

#include "ws-compat.h"

guint8 pptpdiag_esp_carrier(const packet_info *pinfo, int proto_esp)
{
    if (pinfo->ptype == PT_UDP &&
        (pinfo->srcport == PD_NATT_PORT || pinfo->destport == PD_NATT_PORT))
        return PD_IPPROTO_UDP;
    if (pinfo->ptype != PT_NONE || proto_esp <= 0 || !pinfo->layers ||
        (pinfo->net_src.type != AT_IPv4 && pinfo->net_src.type != AT_IPv6))
        return 0;
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f; f = wmem_list_frame_next(f))
        if (GPOINTER_TO_INT(wmem_list_frame_data(f)) == proto_esp)
            return PD_IPPROTO_ESP;
    return 0;
}

gboolean pptpdiag_extract_esp(tvbuff_t *frame, const packet_info *pinfo, guint8 proto,
                              tvbuff_t *reassembled, hdr_ip *ip, pd_obs_esp *e)
{
    gint at;
    if (!hdr_ip_of_esp(frame, pinfo, proto, ip, &at) &&
        (!reassembled || !hdr_ip_reassembled(frame, pinfo, proto, reassembled, ip) ||
         (at = hdr_esp_after(ip, pinfo, proto)) < 0))
        return FALSE;
    e->spi = tvb_get_ntohl(ip->tvb, at);
    if (e->spi < 256)
        return FALSE; /* 0 never on the wire, 1-255 reserved (RFC 4303 section 2.1): no ESP */
    e->seq = tvb_get_ntohl(ip->tvb, at + 4);
    guint hlen = (guint)(ip->next - ip->start);
    guint len = ip->total_len > hlen ? ip->total_len - hlen : 0;
    if (proto == PD_IPPROTO_UDP) {
        e->natt = TRUE;
        e->sport = tvb_get_ntohs(ip->tvb, ip->next);
        e->dport = tvb_get_ntohs(ip->tvb, ip->next + 2);
        guint udp_len = tvb_get_ntohs(ip->tvb, ip->next + 4);
        len = udp_len >= 8 && udp_len <= len ? udp_len - 8 : len >= 8 ? len - 8 : 0;
    }
    e->len = (guint16)len;
    return TRUE;
}

guint pptpdiag_esp_packet(tvbuff_t *frame, packet_info *pinfo, int proto_esp, pd_observation *o)
{
    guint8 proto = pptpdiag_esp_carrier(pinfo, proto_esp);
    if (!proto || pd_data_source_tvb(pinfo, PD_DS_DECRYPTED_ESP))
        return 0;
    hdr_ip ip;
    pd_obs_esp e;
    memset(&e, 0, sizeof e);
    if (!pptpdiag_extract_esp(frame, pinfo, proto, pd_reassembled_ip_tvb(pinfo), &ip, &e))
        return 0;
    hdr_ip_frame_facts(o, pinfo, &ip);
    o->kind = PD_OBS_ESP;
    o->espkt = e;
    if (pinfo->fd->cap_len < pinfo->fd->pkt_len)
        o->cut_at = pinfo->fd->cap_len;
    return 1;
}
