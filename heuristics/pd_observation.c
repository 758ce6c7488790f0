/* pd_observation.c: address helpers (see pd_observation.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_observation.h"

#include <arpa/inet.h>
#include <string.h>

/* Writes @v (0..255) in decimal, no leading zero, at @p; returns the end. */
static char *put_byte(char *p, guint v)
{
    if (v >= 100)
        *p++ = (char)('0' + v / 100);
    if (v >= 10)
        *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

const char *pd_addr_to_str(const pd_addr *a, char *buf, gsize len)
{
    if (len == 0)
        return buf;
    buf[0] = '\0';
    if (a->family == 4 && len >= 16) {
        /* inet_ntop's dotted quad, written here: reports print one per line they draw */
        char *p = buf;
        for (int i = 0; i < 4; i++) {
            if (i)
                *p++ = '.';
            p = put_byte(p, a->bytes[i]);
        }
        *p = '\0';
    } else if (a->family == 4)
        inet_ntop(AF_INET, a->bytes, buf, (socklen_t)len);
    else if (a->family == 6)
        inet_ntop(AF_INET6, a->bytes, buf, (socklen_t)len);
    else if (a->family == PD_ADDR_MAC && len >= 18)
        g_snprintf(buf, len, "%02x:%02x:%02x:%02x:%02x:%02x", a->bytes[0], a->bytes[1],
                   a->bytes[2], a->bytes[3], a->bytes[4], a->bytes[5]);
    else if (a->family == PD_ADDR_MAC)
        ; /* too short: "" */
    else if (a->family == PD_ADDR_END && a->bytes[0] == PD_END_LOCAL)
        g_strlcpy(buf, "this host", len);
    else if (a->family == PD_ADDR_END && a->bytes[0] == PD_END_PEER)
        g_strlcpy(buf, "its peer", len);
    else
        g_strlcpy(buf, "?", len);
    return buf;
}

pd_addr pd_addr_v4(const guint8 b[4])
{
    pd_addr a;
    memset(&a, 0, sizeof a);
    a.family = 4;
    memcpy(a.bytes, b, 4);
    return a;
}

pd_addr pd_addr_mac(const guint8 b[6])
{
    pd_addr a;
    memset(&a, 0, sizeof a);
    a.family = PD_ADDR_MAC;
    memcpy(a.bytes, b, 6);
    return a;
}

pd_addr pd_addr_end(guint8 end)
{
    pd_addr a;
    memset(&a, 0, sizeof a);
    a.family = PD_ADDR_END;
    a.bytes[0] = end;
    return a;
}

gboolean pd_addr_equal(const pd_addr *a, const pd_addr *b)
{
    return a->family != 0 && a->family == b->family && memcmp(a->bytes, b->bytes, 16) == 0;
}

gboolean pd_addr_unicast(const pd_addr *a)
{
    static const guint8 zero[16];
    if (a->family == 4) {
        const guint8 *b = a->bytes;
        gboolean all_ones = b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255;
        return memcmp(b, zero, 4) != 0 && !all_ones && (b[0] & 0xf0) != 0xe0 && b[0] != 127;
    }
    if (a->family == 6)
        return memcmp(a->bytes, zero, 16) != 0 && a->bytes[0] != 0xff;
    if (a->family == PD_ADDR_MAC)
        return memcmp(a->bytes, zero, 6) != 0 && !(a->bytes[0] & 1);
    return a->family == PD_ADDR_END;
}

gboolean pd_addr_private(const pd_addr *a)
{
    const guint8 *b = a->bytes;
    if (a->family == 4)
        return b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
               (b[0] == 192 && b[1] == 168) || (b[0] == 100 && (b[1] & 0xc0) == 64);
    return a->family == 6 && (b[0] & 0xfe) == 0xfc;
}
