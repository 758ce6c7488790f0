/* render.h: what pptpdiag shows of a frame: its items in the protocol tree (`pptpdiag.*`,
 * generated), the "[PPTP rule]" prefixes of the Info column and the expert infos, from what the
 * engine concluded for the frame, on every pass. The ids of the protocol, its fields, subtrees
 * and expert infos are this file's: packet-pptpdiag.c registers them.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_RENDER_H
#define PPTPDIAG_RENDER_H

#include <epan/expert.h>
#include <epan/packet.h>

#include "pd_engine.h"
#include "pd_rules.h"

/** The protocol pptpdiag (-1 until registered). */
extern int proto_pptpdiag;

/** The fields of the items rendered (-1 until registered; packet-pptpdiag.c's hf array says
 *  what each is). */
extern int hf_pptpdiag_session, hf_pptpdiag_milestone, hf_pptpdiag_finding,
    hf_pptpdiag_verdict_frame, hf_pptpdiag_verdict, hf_pptpdiag_rule, hf_pptpdiag_variant,
    hf_pptpdiag_ras_error, hf_pptpdiag_cause, hf_pptpdiag_fix, hf_pptpdiag_cause_line,
    hf_pptpdiag_fix_line, hf_pptpdiag_confidence, hf_pptpdiag_evidence, hf_pptpdiag_blocked_by,
    hf_pptpdiag_blocked_by_ipv6, hf_pptpdiag_mtu_reported_by, hf_pptpdiag_mtu_reported_by_ipv6,
    hf_pptpdiag_quoted_frame, hf_pptpdiag_end_of_capture, hf_pptpdiag_vantage,
    hf_pptpdiag_superseded_by, hf_pptpdiag_superseded, hf_pptpdiag_superseded_rule,
    hf_pptpdiag_superseded_ras_error, hf_pptpdiag_superseded_confidence,
    hf_pptpdiag_superseded_evidence;

/** The subtrees: pptpdiag's, a finding's (and a session's verdict), its evidence frames, the
 *  next lines of a long cause or fix. */
extern gint ett_pptpdiag, ett_pptpdiag_finding, ett_pptpdiag_evidence, ett_pptpdiag_text;

/** The expert info of a milestone, and one per rule of the engine's catalogue (by pd_rule_id). */
extern expert_field ei_pptpdiag_milestone;
extern expert_field ei_pptpdiag_rule[PD_RULE_COUNT];

/** Registers the init routine that forgets which expert infos were given without their items
 *  (a new file, a redissection: when Wireshark resets its highest severity too). Call from the
 *  protocol registration routine. */
void pptpdiag_render_register(void);

/** Shows frame result @r (pd_engine_frame of engine @e for the frame of @pinfo, not NULL): the
 *  protocol item and its subtree in @tree (the frame's session, milestone, findings, and on a
 *  session's first frame in later passes its verdict), the Info column's prefixes and the
 *  expert infos; only what can be seen or is asked for (no items on a first pass nobody looks
 *  at, the columns alone when only they are printed). @tvb: the frame's, for the generated
 *  items. */
void pptpdiag_render(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const pd_engine *e,
                     const pd_frame_result *r);

#endif /* PPTPDIAG_RENDER_H */
