/* extract-ppp.c: a PPP frame captured without its carrier, read from the record's encapsulation
 * and the frame's bytes (see extract-ppp.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "extract-ppp.h"

#include <string.h>

#include <wiretap/wtap.h>

#include "headers-ppp.h"

/* The PPP protocols whose packets NDISWAN passes up with the PPP protocol number in the Ethernet
 * type field (Network Monitor's view of a Windows VPN or dial-up adapter; Wireshark registers
 * them as Ethertypes for it, packet-ppp.c): the control protocols pptpdiag reads. */
static gboolean ndiswan_type(guint16 type)
{
    switch (type) {
    case PD_PPP_LCP: case PD_PPP_PAP: case PD_PPP_CHAP: case PD_PPP_IPCP: case PD_PPP_IPV6CP:
    case PD_PPP_CCP:
        return TRUE;
    default:
        return FALSE;
    }
}

gboolean pptpdiag_extract_ppp(tvbuff_t *frame, packet_info *pinfo, pd_observation *o)
{
    const wtap_rec *rec = pinfo->rec;
    if (!rec || rec->rec_type != REC_TYPE_PACKET)
        return FALSE;
    int encap = rec->rec_header.packet_header.pkt_encap;
    pd_ppp_form form;
    if (encap == WTAP_ENCAP_PPP || encap == WTAP_ENCAP_PPP_WITH_PHDR)
        form = PD_PPP_FORM_LINK;
    else if (encap == WTAP_ENCAP_ETHERNET && pinfo->src.type == AT_ETHER && /* no IP layer */
             tvb_captured_length(frame) >= 18 && ndiswan_type(tvb_get_ntohs(frame, 12)))
        form = PD_PPP_FORM_NDISWAN;
    else
        return FALSE;
    memset(o, 0, sizeof *o);
    o->frame = pinfo->num;
    o->time = nstime_to_sec(&pinfo->abs_ts);
    o->kind = PD_OBS_PPP;
    o->pppframe.form = (guint8)form;
    if (rec->presence_flags & WTAP_HAS_INTERFACE_ID)
        o->pppframe.interface = rec->rec_header.packet_header.interface_id;
    if (form == PD_PPP_FORM_NDISWAN) {
        guint8 mac[6];
        tvb_memcpy(frame, mac, 6, 6);
        o->src = pd_addr_mac(mac);
        tvb_memcpy(frame, mac, 0, 6);
        o->dst = pd_addr_mac(mac);
    } else if (pinfo->p2p_dir == P2P_DIR_SENT || pinfo->p2p_dir == P2P_DIR_RECV) {
        gboolean sent = pinfo->p2p_dir == P2P_DIR_SENT;
        o->src = pd_addr_end(sent ? PD_END_LOCAL : PD_END_PEER);
        o->dst = pd_addr_end(sent ? PD_END_PEER : PD_END_LOCAL);
    }
    gint at = form == PD_PPP_FORM_NDISWAN ? 12 : 0;
    hdr_ppp_at(frame, at, -1, &o->pppframe.ppp);
    if (pinfo->fd->cap_len < pinfo->fd->pkt_len) {
        o->cut_at = pinfo->fd->cap_len;
        o->lost = (guint8)hdr_ppp_lost(frame, at, (gint)pinfo->fd->pkt_len - at);
    }
    return o->pppframe.ppp.protocol != 0;
}
