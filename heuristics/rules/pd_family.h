/* pd_family.h: what a rule family (one file in rules/) is, and the calls it may make.
 *
 * A family holds its catalogue rows (pd_rules.h), its thresholds as named constants, the state
 * only it needs (a slice per call and per session, allocated on first use and freed with the
 * call's working state or the session), and its hooks. The tracker (pd_track*.c, through
 * pd_events.c) calls the hooks of every family in the order of pd_families[] (pd_rules.c);
 * on_event only for the kinds of event the family names in its events mask. A hook reads facts
 * (the records, the PPP link's, the kit's) and proposes findings through pd_finding_new
 * (pd_finding.h) or pd_propose (pd_verdict.h); it never reads or sets another family's state, nor
 * asks what explains a call: THE ORDER refuses a finding that would add nothing
 * (pd_verdict_silent). No result depends on the order of pd_families[] (tests
 * heuristics.*-reversed run the rules', engine's and order's tests with the list reversed).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_FAMILY_H
#define PD_FAMILY_H

#include "pd_records.h"
#include "pd_kit.h"
#include "pd_verdict.h"

G_BEGIN_DECLS

/** What happened, as the tracker recorded it. */
typedef enum {
    PD_EV_SYN,          /**< a SYN from the client to TCP 1723 (s->n_syn counts them) */
    PD_EV_SYNACK,       /**< the server's SYN/ACK (first, while connecting) */
    PD_EV_RESET_ON_SYN, /**< the server's RST while the SYN was unanswered */
    PD_EV_FIN_RST,      /**< any FIN or RST on the control connection (dir: who sent it) */
    PD_EV_CONTROL_END,  /**< the control connection closed (first FIN/RST; dir: who), after its
                             open calls were ended */
    PD_EV_PPTP,         /**< a control message (o->pptp), after the tracker recorded it; c is its
                             call for call messages (NULL if unknown) */
    PD_EV_CALL_UP,      /**< OCRP/ICRP Connected: call c is set up (GRE bound) */
    PD_EV_GRE,          /**< a GRE packet of call c (with working state) from dir */
    PD_EV_GRE_UNKNOWN,  /**< GRE between the hosts of session s whose Call ID no call set up */
    PD_EV_PPP,          /**< a PPP frame of call c from dir, after pd_ppp_input (ppp_events) */
    PD_EV_ICMP_GRE,     /**< an ICMP error quoting GRE of flow (c may be NULL: GRE-only) */
    PD_EV_ICMP_SYN,     /**< an ICMP error quoting the SYN of session s (connecting); the frame
                             is the session's only if a rule claims it (pd_track_touch) */
    PD_EV_TICK,         /**< after each observation, for the frame's session: deadlines */
    PD_EV_CAPPED,       /**< a session was not tracked because of max_sessions (s: the last) */
    PD_EV_CALL_CAPPED,  /**< a call of session s was not tracked because of max_calls (first
                             time in s) */
    PD_EV_PROBE,        /**< a SYN to a port that is not PPTP's (o: PD_OBS_TCP_SYN) added a
                             port to its source's record of ports of that host (probe); s is
                             NULL: no session holds the frame unless a rule claims it */
    PD_EV_PPPOE,        /**< a PPPoE Discovery packet (o->pppoe) of session s, after the tracker
                             recorded it (s->pppoe); dir: its sender; c: the link a PADS set up
                             or a PADT ended, else NULL */
    PD_EV_L2TP,         /**< an L2TP control message (o->l2tp, RFC 2661 section 3.2; a ZLB
                             too) of session s, after the tracker recorded it (s->l2tp); dir:
                             its sender (PD_DIR_PNS the LAC); c: the L2TP session it is about
                             (ICRQ/ICRP/ICCN, OCRQ/OCRP/OCCN, CDN), else NULL. A CDN or StopCCN
                             is told before the links it ends are handed to the verdict
                             module */
    PD_EV_ICMP_L2TP,    /**< an ICMP Destination Unreachable quoting a UDP datagram the LAC of
                             session s sent to its LNS (o->icmp); the frame is the session's
                             only if a rule claims it (pd_track_touch) */
    PD_EV_IKE,          /**< an IKE message (o->ike) of session s, after the tracker recorded it
                             (s->ike); dir: its sender (PD_DIR_PNS the initiator) */
    PD_EV_ICMP_IKE,     /**< an ICMP Destination Unreachable quoting a UDP datagram the initiator
                             of session s sent to its responder's UDP 500 or 4500 (o->icmp); the
                             frame is the session's only if a rule claims it (pd_track_touch) */
    PD_EV_ESP,          /**< the first ESP packet (o: PD_OBS_ESP, or what Wireshark decrypted
                             from it) of a direction (dir) of session s, after the tracker
                             counted it (s->ike->n_esp); later ones are only counted */
    PD_EV_N_KINDS       /**< the number of kinds (not an event) */
} pd_event_kind;

/** The bit of event kind @k in pd_family.events. */
#define PD_EV_BIT(k) (1u << (k))
/** Every event kind, for a family that looks at every event. */
#define PD_EV_ALL (PD_EV_BIT(PD_EV_N_KINDS) - 1u)

/** One event. Members not named for its kind are 0/NULL. */
typedef struct {
    pd_event_kind kind;
    const pd_observation *o;
    pd_session *s;
    pd_link *c;
    pd_flow *flow;
    int dir;                 /**< sender: PD_DIR_PNS (client) or PD_DIR_PAC (server) */
    guint ppp_events;        /**< PD_EV_PPP: pd_ppp_events bits */
    const pd_ppp_frame *ppp; /**< PD_EV_PPP: the frame */
    const pd_probe *probe;   /**< PD_EV_PROBE: the record (pd_probe.h) */
} pd_event;

/** A rule family. Any hook may be NULL. */
typedef struct {
    const char *name;             /**< file name without .c, e.g. "gre" */
    const pd_rule *const *rows;   /**< its catalogue rows */
    guint n_rows;
    gsize call_slice, session_slice; /**< bytes of per-call / per-session state (0: none) */
    /** The transport whose sessions it speaks of (pd_carrier, pd_engine.h): its hooks hear
     *  only of sessions of that carrier (events without a session, and on_finish_engine, reach
     *  it always); 0: every session (PPP's families, DNS, the cap). */
    guint8 carrier;
    /** The kinds of event on_event is called for (PD_EV_BIT of each; 0: none): the tracker
     *  hands each event only to the families that take its kind. */
    guint32 events;
    /** On each event of a kind in events. */
    void (*on_event)(pd_engine *e, const pd_event *ev);
    /** A call's PPP ended (LCP Terminate-Request, call cleared, control connection closed) while
     *  nothing explains the call yet: offer the explanation, if this family has one, with
     *  pd_propose(..., @cands, ...); pd_verdict_choose keeps one. */
    void (*on_call_end)(pd_engine *e, pd_link *c, const pd_call_end_info *end, GPtrArray *cands);
    /** The capture ended: conclude for session @s what only the end can tell (findings made here
     *  are provisional: pd_engine_finish marks them). */
    void (*on_finish)(pd_engine *e, pd_session *s);
    /** The capture ended, once for the whole engine (e.g. DNS sessions), before on_finish. */
    void (*on_finish_engine)(pd_engine *e);
} pd_family;

/** TRUE when family @fam hears of session @s (NULL: an event of no session): pd_family.carrier. */
static inline gboolean pd_family_hears(const pd_family *fam, const pd_session *s)
{
    return !fam->carrier || !s || s->info.carrier == fam->carrier;
}

/** The families, in the order their hooks run (pd_rules.c). */
extern const pd_family *const pd_families[];
extern const guint pd_n_families;

/** Makes the slots of the families that keep slices (pd_link.slice, pd_session.slice): once,
 *  before the first engine; later calls do nothing. Aborts (g_error) when more families keep
 *  slices than PD_MAX_CALL_SLICES or PD_MAX_SESSION_SLICES. */
void pd_family_slots_init(void);
/** @fam's slice of @c's state (zeroed on first use), or NULL once the call is settled. */
void *pd_call_slice(pd_link *c, const pd_family *fam);
/** @fam's slice of @s's state (zeroed on first use). */
void *pd_session_slice(pd_session *s, const pd_family *fam);
/** @fam's slice of @s's state if pd_session_slice made it, else NULL (read as all zeros): for
 *  rules that only read, so that sessions which never needed the state do not get it. */
void *pd_session_slice_if_any(const pd_session *s, const pd_family *fam);


G_END_DECLS

#endif /* PD_FAMILY_H */
