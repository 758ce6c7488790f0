/* seed.c: pins GLib's random numbers for bench/run.sh's counted rounds (LD_PRELOAD).
 *
 * tshark draws its hash seeds at start-up from g_random_int (wmem's map multiplier and seeds,
 * wsutil/wmem/wmem_map.c wmem_init_hashing), so the instructions one run of the same command
 * counts move by millions with the collisions they give. Preloaded, this g_random_int returns
 * the sequence of a GRand seeded with PPTPDIAG_BENCH_SEED (a number; 1 if unset): each counted
 * round is exact, and the runs of a round (on, off, floor, peers) draw the same seeds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <glib.h>
#include <stdlib.h>

guint32 g_random_int(void)
{
    static GRand *rand;
    if (!rand) {
        const char *seed = getenv("PPTPDIAG_BENCH_SEED");
        rand = g_rand_new_with_seed(seed ? (guint32)strtoul(seed, NULL, 10) : 1);
    }
    return g_rand_int(rand);
}
