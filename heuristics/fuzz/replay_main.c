/* replay_main.c: runs the fuzz harness (fuzz_engine.c) once on each file given, or on each
 * file of each folder given, without libFuzzer: the regression test of the corpus and of the
 * crashes found so far (ctest fuzz.replay), in any build.
 *   fuzz_replay PATH...     exit status 0 if every input ran and there was one at least
 *                          (a property violation or a crash aborts)
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs one file; FALSE if it cannot be read. */
static gboolean run_file(const char *path)
{
    gchar *buf;
    gsize len;
    GError *err = NULL;
    if (!g_file_get_contents(path, &buf, &len, &err)) {
        fprintf(stderr, "%s\n", err->message);
        g_error_free(err);
        return FALSE;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
    g_free(buf);
    return TRUE;
}

int main(int argc, char **argv)
{
    guint n = 0;
    gboolean ok = TRUE;
    for (int i = 1; i < argc; i++) {
        if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
            ok = run_file(argv[i]) && ok;
            n++;
            continue;
        }
        GDir *dir = g_dir_open(argv[i], 0, NULL);
        const char *name;
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        while (dir && (name = g_dir_read_name(dir)))
            if (name[0] != '.' && g_strcmp0(name, "README.md") != 0)
                g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
        if (dir)
            g_dir_close(dir);
        for (guint j = 0; j < names->len; j++) {
            ok = run_file(g_ptr_array_index(names, j)) && ok;
            n++;
        }
        g_ptr_array_free(names, TRUE);
    }
    printf("replayed %u inputs\n", n);
    if (n == 0)
        fprintf(stderr, "no input found\n");
    return ok && n > 0 ? 0 : 1;
}
