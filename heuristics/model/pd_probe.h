/* pd_probe.h: the tracker's record of connection attempts (TCP SYNs) by source, so that a rule
 * can tell a port scan from a client (rules/scan.c): which ports of one host, or which hosts on
 * one port, a source sent SYNs to, and when. It is storage: what counts as a scan is the rule's.
 *
 * Bounded, and (almost) free for ordinary traffic: a SYN first lands in a fixed table of
 * PD_PROBE_SLOTS slots, one per key hashed (pd_probes_seen), which remembers the last target of
 * that key; only a key that shows a second target within PD_PROBE_AGE_S seconds gets a record
 * (pd_probes_open), of at most PD_PROBE_KEEP targets. A client that talks to one port of a host,
 * or a VPN client that tries one server, never gets one. There are at most PD_PROBE_MAX records;
 * a record whose newest SYN is PD_PROBE_AGE_S seconds old is dropped (aged out), and past the
 * cap no record is opened (pd_probes_n_refused counts them).
 *
 * Times are seconds on the engine's clock (pd_engine_observe), frames Wireshark's numbers.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PD_PROBE_H
#define PD_PROBE_H

#include "pd_observation.h"

G_BEGIN_DECLS

/** Seconds a SYN is remembered: a rule counts the targets of a record within a window no longer
 *  than this (rules/scan.c checks). */
#define PD_PROBE_AGE_S 60.0
/** Targets a record keeps, the newest (a rule's threshold must not exceed it). */
#define PD_PROBE_KEEP 32
/** Slots of the first table: one key's last target each (24 bytes a slot). */
#define PD_PROBE_SLOTS 4096
/** Most records kept at once (about 0.6 KB each). */
#define PD_PROBE_MAX 4096

/** What a record is about: SYNs from src to many ports of dst (dst set, port 0), or to port
 *  @port of many hosts (dst unset: family 0). 36 bytes, no padding: hashed and compared as
 *  bytes. */
typedef struct {
    pd_addr src, dst;
    guint16 port;
} pd_probe_key;

/** One target of a record and its newest SYN. */
typedef struct {
    guint32 target;  /**< the port (host byte order), or pd_probe_host of the destination */
    guint32 frame;   /**< the newest SYN to it */
    double time;     /**< its time, seconds */
} pd_probe_target;

/** A source's SYNs to the targets of one key, the newest PD_PROBE_KEEP targets. */
typedef struct {
    pd_probe_key key;
    guint n;                                  /**< targets held */
    double newest;                            /**< the newest SYN's time, seconds */
    pd_probe_target targets[PD_PROBE_KEEP];   /**< n targets, in no order */
} pd_probe;

typedef struct pd_probes pd_probes;

/** An empty record (nothing allocated until the first SYN), to free with pd_probes_free. */
pd_probes *pd_probes_new(void);
void pd_probes_free(pd_probes *p);

/** The key of SYNs from @src to ports of @dst (@dst non-NULL), or to port @port of any host. */
pd_probe_key pd_probe_key_of(const pd_addr *src, const pd_addr *dst, guint16 port);

/** The target value of host @a in a record of one port (a 32-bit hash of the address: two hosts
 *  may share one, so a count of hosts never exceeds the truth). */
guint32 pd_probe_host(const pd_addr *a);

/** The record of @k, or NULL. */
const pd_probe *pd_probes_find(const pd_probes *p, const pd_probe_key *k);

/** Adds a SYN to @target at @frame, @time to the record of @k, if @k has one. Returns the record
 *  when @target is new to it (an earlier target then leaves if the record is full: the one with
 *  the oldest SYN), NULL when @k has no record or @target was in it (its SYN then updated). */
const pd_probe *pd_probes_add(pd_probes *p, const pd_probe_key *k, guint32 target,
                              guint32 frame, double time);

/** The first table: remembers a SYN of @k to @target at @frame, @time in @k's slot, and returns
 *  TRUE when the slot held another target of @k from at most PD_PROBE_AGE_S seconds before
 *  (copied to *@before, the slot then cleared): @k is worth a record (pd_probes_open). Another
 *  key hashed to the same slot overwrites it. */
gboolean pd_probes_seen(pd_probes *p, const pd_probe_key *k, guint32 target, guint32 frame,
                        double time, pd_probe_target *before);

/** Opens the record of @k with targets @first and @second (the older first), unless @k has one
 *  (then both are added to it) or PD_PROBE_MAX records are kept once the aged ones are dropped
 *  (then none is opened: NULL, counted). Returns the record. */
const pd_probe *pd_probes_open(pd_probes *p, const pd_probe_key *k, const pd_probe_target *first,
                               const pd_probe_target *second);

/** Targets of @r whose newest SYN is at or after @from and at or before @to (seconds). */
guint pd_probe_count(const pd_probe *r, double from, double to);

/** The target of @r with the oldest SYN at or after @from (seconds), or NULL. */
const pd_probe_target *pd_probe_oldest(const pd_probe *r, double from);

/** Records kept now, and records not opened because PD_PROBE_MAX were kept. */
guint pd_probes_n_records(const pd_probes *p);
guint pd_probes_n_refused(const pd_probes *p);

G_END_DECLS

#endif /* PD_PROBE_H */
