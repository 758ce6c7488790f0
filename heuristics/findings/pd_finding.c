/* pd_finding.c: a finding's life (see pd_finding.h): made, given evidence, cause and fix, moved
 * with its call, withdrawn, freed. Which finding wins is pd_verdict.c's.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pd_finding.h"
#include "pd_verdict.h"

void pd_evidence(pd_finding *f, guint32 frame)
{
    if (!f || frame == 0)
        return;
    guint at = f->n_evidence; /* ascending, unique */
    while (at > 0 && f->evidence[at - 1] > frame)
        at--;
    if (at > 0 && f->evidence[at - 1] == frame)
        return;
    f->evidence = pd_vec_insert(f->evidence, &f->n_evidence, at, &frame, sizeof frame);
}

pd_finding *pd_finding_new(pd_engine *e, pd_session *s, pd_link *c, guint32 frame,
                           pd_rule_id rule, int variant, pd_confidence conf, char *cause)
{
    if (pd_verdict_silent(s, c, rule, conf)) {
        g_free(cause);
        return NULL;
    }
    const pd_rule *r = pd_rule_get(rule);
    pd_finding *f = g_new0(pd_finding, 1);
    f->frame = frame;
    f->session = s->info.index;
    f->call = c ? (gint)c->index : -1;
    f->rule = rule;
    f->variant = variant >= 0 && (guint)variant < r->n_variants ? variant : PD_NO_VARIANT;
    f->confidence = conf;
    const guint16 *ras = pd_rule_ras(r, f->variant);
    for (guint i = 0; i < PD_MAX_RAS && ras[i]; i++)
        f->ras[f->n_ras++] = ras[i];
    f->cause = cause;
    f->own_cause = cause != NULL;
    f->fix = r->fix;
    pd_evidence(f, frame);
    pd_verdict_admit(s, f);
    PD_VEC_APPEND(s->findings, s->n_findings, f);
    pd_frame_rec *rec = pd_frame_rec_get(e, frame);
    pd_frame_rec_add_finding(rec, f);
    if (!rec->session && !pd_frame_owner(e, frame)) /* a frame no observation filed */
        rec->session = s;
    pd_verdict_update(s);
    return f;
}

/* Frees @f's cause / fix if it owns it. */
static void drop_cause(pd_finding *f)
{
    if (f->own_cause)
        g_free((char *)f->cause);
    f->own_cause = FALSE;
}

static void drop_fix(pd_finding *f)
{
    if (f->own_fix)
        g_free((char *)f->fix);
    f->own_fix = FALSE;
}

void pd_finding_set_fix(pd_finding *f, char *fix)
{
    if (!f) {
        g_free(fix);
        return;
    }
    if (!fix)
        return;
    drop_fix(f);
    f->fix = fix;
    f->own_fix = TRUE;
}

void pd_finding_set_fixed_fix(pd_finding *f, const char *fix)
{
    if (!f)
        return;
    drop_fix(f);
    f->fix = fix;
}

void pd_finding_set_cause(pd_finding *f, char *cause)
{
    if (!f) {
        g_free(cause);
        return;
    }
    drop_cause(f);
    f->cause = cause;
    f->own_cause = cause != NULL;
}

void pd_finding_set_fixed_cause(pd_finding *f, const char *cause)
{
    if (!f)
        return;
    drop_cause(f);
    f->cause = cause;
}

void pd_finding_free(pd_finding *f)
{
    drop_cause(f);
    drop_fix(f);
    g_free(f->evidence);
    g_free(f);
}


void pd_findings_move_call(pd_session *from_s, guint from, pd_session *to_s, pd_link *c,
                           gboolean all)
{
    guint put = 0;
    for (guint i = 0; i < from_s->n_findings;) {
        pd_finding *f = from_s->findings[i];
        if (f->call == (gint)from || (all && f->call < 0)) {
            pd_vec_remove(from_s->findings, &from_s->n_findings, i, sizeof *from_s->findings);
            f->session = to_s->info.index;
            f->call = f->call < 0 ? -1 : (gint)c->index;
            to_s->findings =
                pd_vec_insert(to_s->findings, &to_s->n_findings, put++, &f, sizeof f);
            continue;
        }
        if (f->call > (gint)from)
            f->call--;
        i++;
    }
    pd_verdict_update(from_s);
    pd_verdict_update(to_s);
}

void pd_finding_withdraw(pd_engine *e, pd_session *s, pd_finding *f)
{
    pd_frame_rec *r = pd_frame_rec_find(e, f->frame);
    if (r)
        pd_frame_rec_drop_findings(r, f, 0);
    for (guint j = 0; j < s->n_findings; j++)
        if (s->findings[j] == f) {
            pd_vec_remove(s->findings, &s->n_findings, j, sizeof *s->findings);
            break;
        }
    pd_finding_free(f);
    pd_verdict_update(s);
}
