/* headers-dns.c: a DNS message read from the packet bytes (see headers-dns.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "headers-dns.h"

#include <string.h>

#include <epan/tvbuff.h>

#include "ws-compat.h"

/* Resource records read for an address at most (every section): a bound on a message whose
 * counts lie. */
#define MAX_RRS 256

/* The domain name at *@at of the message that begins at @msg of @t (RFC 1035 4.1.2, 4.1.4):
 * its labels joined by dots into @out (@size bytes; NULL: skipped), and *@at moved past it as it
 * stands in the message (a pointer is its last 2 bytes). FALSE, with @out empty, when it runs
 * past the captured bytes, follows more than 64 pointers or holds a label type other than 0 and
 * 3 (RFC 6891 section 5). */
static gboolean dns_name(tvbuff_t *t, gint msg, gint *at, char *out, gsize size)
{
    gint p = *at, next = -1;
    gsize n = 0;
    for (guint hops = 0;;) {
        if (tvb_captured_length_remaining(t, p) < 1)
            goto bad;
        guint8 len = tvb_get_uint8(t, p);
        if (len == 0) {
            if (next < 0)
                next = p + 1;
            break;
        }
        if ((len & 0xc0) == 0xc0) {
            if (tvb_captured_length_remaining(t, p) < 2 || ++hops > 64)
                goto bad;
            if (next < 0)
                next = p + 2;
            p = msg + (tvb_get_ntohs(t, p) & 0x3fff);
            continue;
        }
        if (len & 0xc0 || tvb_captured_length_remaining(t, p + 1) < len)
            goto bad;
        for (gint i = 0; out && i <= len && n + 1 < size; i++) {
            guint8 c = i == 0 ? '.' : tvb_get_uint8(t, p + i);
            if (i == 0 && n == 0)
                continue; /* no dot before the first label */
            out[n++] = (char)(c >= 0x20 && c < 0x7f ? c : '?');
        }
        p += 1 + len;
    }
    if (out)
        out[n] = '\0';
    *at = next;
    return TRUE;
bad:
    if (out)
        out[0] = '\0';
    return FALSE;
}

gboolean hdr_dns_at(tvbuff_t *t, gint o, pd_obs_dns *d)
{
    if (!t || o < 0 || tvb_captured_length_remaining(t, o) < 12)
        return FALSE;
    d->id = tvb_get_ntohs(t, o);
    guint16 flags = tvb_get_ntohs(t, o + 2);
    d->response = (flags & 0x8000) != 0;
    d->rcode = (guint8)(flags & 0x000f);
    guint qd = tvb_get_ntohs(t, o + 4);
    d->n_answers = tvb_get_ntohs(t, o + 6);
    guint rrs = MIN(d->n_answers + tvb_get_ntohs(t, o + 8) + tvb_get_ntohs(t, o + 10), MAX_RRS);
    gint at = o + 12;
    for (guint i = 0; i < qd; i++) { /* QNAME, QTYPE, QCLASS */
        if (!dns_name(t, o, &at, i == 0 ? d->qname : NULL, sizeof d->qname) ||
            tvb_captured_length_remaining(t, at) < 4)
            return TRUE;
        if (i == 0)
            d->qtype = tvb_get_ntohs(t, at);
        at += 4;
    }
    pd_addr v6 = {0};
    for (guint i = 0; i < rrs; i++) { /* NAME, TYPE, CLASS, TTL, RDLENGTH, RDATA */
        if (!dns_name(t, o, &at, NULL, 0) || tvb_captured_length_remaining(t, at) < 10)
            break;
        guint16 type = tvb_get_ntohs(t, at), rdlen = tvb_get_ntohs(t, at + 8);
        at += 10;
        if (tvb_captured_length_remaining(t, at) < rdlen)
            break;
        if (type == 1 && rdlen == 4) { /* the first A wins */
            d->answer.family = 4;
            tvb_memcpy(t, d->answer.bytes, at, 4);
            return TRUE;
        }
        if (type == 28 && rdlen == 16 && !v6.family) {
            v6.family = 6;
            tvb_memcpy(t, v6.bytes, at, 16);
        }
        at += rdlen;
    }
    d->answer = v6;
    return TRUE;
}
