/* test_labels.c: the memo of label texts (pptpdiag_label_text_memo) gives what
 * pptpdiag_label_text makes, for every combination of the facts a label shows, asked in any
 * order: a fact the memo's key left out would hand one frame another frame's text.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include <glib.h>

#include "framelabel.h"

static GArray *sets; /* obs_set */

typedef struct {
    pd_observation obs[2];
    guint n;
} obs_set;

static void add_gre(guint16 proto, guint8 code, guint16 payload_len)
{
    obs_set s;
    memset(&s, 0, sizeof s);
    s.n = 1;
    s.obs[0].frame = 1;
    s.obs[0].kind = PD_OBS_GRE;
    s.obs[0].gre.ppp_protocol = proto;
    s.obs[0].gre.ppp_code = code;
    s.obs[0].gre.payload_len = payload_len;
    g_array_append_val(sets, s);
}

static void add_tcp(guint8 flags, guint32 payload_len, int pptp_type, gboolean has_result,
                    guint8 result)
{
    obs_set s;
    memset(&s, 0, sizeof s);
    s.n = pptp_type < 0 ? 1 : 2;
    for (guint i = 0; i < s.n; i++) {
        s.obs[i].frame = 1;
        s.obs[i].tcp.flags = flags;
        s.obs[i].tcp.payload_len = payload_len;
    }
    s.obs[0].kind = PD_OBS_TCP;
    if (pptp_type >= 0) {
        s.obs[1].kind = PD_OBS_PPTP;
        s.obs[1].pptp.type = (guint16)pptp_type;
        s.obs[1].pptp.has_result = has_result;
        s.obs[1].pptp.result = result;
    }
    g_array_append_val(sets, s);
}

static void test_memo_same_texts(void)
{
    static const guint16 protos[] = {0, 0x0021, 0x0057, 0x00fd, 0xc021, 0xc023, 0xc223, 0x8021,
                                     0x8057, 0x80fd, 0x1234, 0x9999};
    static const guint8 flag_sets[] = {0, PD_TCP_SYN, PD_TCP_SYN | PD_TCP_ACK, PD_TCP_ACK,
                                       PD_TCP_ACK | PD_TCP_PSH, PD_TCP_FIN | PD_TCP_ACK,
                                       PD_TCP_RST, PD_TCP_RST | PD_TCP_ACK};
    sets = g_array_new(FALSE, FALSE, sizeof(obs_set));
    for (gsize p = 0; p < G_N_ELEMENTS(protos); p++)
        for (guint code = 0; code < 14; code++)
            for (guint len = 0; len < 2; len++)
                add_gre(protos[p], (guint8)code, (guint16)(len * 20));
    for (gsize f = 0; f < G_N_ELEMENTS(flag_sets); f++)
        for (guint len = 0; len < 2; len++) {
            add_tcp(flag_sets[f], len * 156, -1, FALSE, 0);
            for (int type = 0; type <= 16; type++)
                for (guint r = 0; r < 3; r++)
                    add_tcp(flag_sets[f], len * 156, type == 16 ? 99 : type, r > 0,
                            (guint8)(r > 0 ? r - 1 : 0));
        }
    GRand *rnd = g_rand_new_with_seed(16);
    for (guint round = 0; round < 3; round++) {
        for (guint i = sets->len; i > 1; i--) { /* shuffle: the memo fills in another order */
            guint j = (guint)g_rand_int_range(rnd, 0, (gint32)i);
            obs_set t = g_array_index(sets, obs_set, i - 1);
            g_array_index(sets, obs_set, i - 1) = g_array_index(sets, obs_set, j);
            g_array_index(sets, obs_set, j) = t;
        }
        for (guint i = 0; i < sets->len; i++) {
            const obs_set *s = &g_array_index(sets, obs_set, i);
            gboolean m1 = 2, m2 = 3;
            const char *made = pptpdiag_label_text(s->obs, s->n, &m1);
            const char *memo = pptpdiag_label_text_memo(s->obs, s->n, &m2);
            g_assert_cmpstr(memo, ==, made);
            g_assert_cmpint(m2, ==, m1);
            m2 = 3; /* again: the memo's last answer, as for a run of data packets */
            memo = pptpdiag_label_text_memo(s->obs, s->n, &m2);
            g_assert_cmpstr(memo, ==, made);
            g_assert_cmpint(m2, ==, m1);
        }
    }
    g_rand_free(rnd);
    g_array_free(sets, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/labels/memo-same-texts", test_memo_same_texts);
    return g_test_run();
}
