/* stats-tree.h: the stats tree of the pptpdiag tap (`tshark -z pptpdiag,tree[,FILTER]`,
 * Statistics › PPTP Diagnosis in the GUI): sessions by verdict, rule and RAS error.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PPTPDIAG_STATS_TREE_H
#define PPTPDIAG_STATS_TREE_H

/** Registers the stats tree `-z pptpdiag,tree` / Statistics › PPTP Diagnosis. Call from the
 *  protocol registration routine, after pptpdiag_tap_register. */
void pptpdiag_stats_tree_register(void);

#endif /* PPTPDIAG_STATS_TREE_H */
