/*
 * The fuzz harnesses' input format and private folder (fuzz_input.h).
 * A harness is a separate program, not part of the library, so the one
 * folder per process is kept in a static (the library has no globals).
 */
#include "fuzz_input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[PATH_MAX];
static char fuzz_file[PATH_MAX + 16];

static void
remove_dir(void)
{
    DIR *d = opendir(fuzz_dir);
    struct dirent *de;
    char p[PATH_MAX * 2];

    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof(p), "%s/%s", fuzz_dir, de->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(fuzz_dir);
}

/* Link every *.json of root/sub (and sub itself as name, if given). */
static void
link_all(const char *root, const char *sub)
{
    char from[PATH_MAX * 2], to[PATH_MAX * 2];
    DIR *d;
    struct dirent *de;

    snprintf(from, sizeof(from), "%s/%s", root, sub);
    d = opendir(from);
    if (!d)
        return;
    while ((de = readdir(d)) != NULL) {
        size_t n = strlen(de->d_name);

        if (n < 6 || strcmp(de->d_name + n - 5, ".json") != 0)
            continue;
        snprintf(from, sizeof(from), "%s/%s/%s", root, sub, de->d_name);
        snprintf(to, sizeof(to), "%s/%s", fuzz_dir, de->d_name);
        symlink(from, to); /* the first of two same names wins */
    }
    closedir(d);
}

void
fuzz_setup(void)
{
    const char *tmp = getenv("TMPDIR"), *root = getenv("UECSIM_ROOT");
    char cwd[PATH_MAX], inc[PATH_MAX * 2], link[PATH_MAX * 2];

    if (fuzz_dir[0])
        return;
    if (!root) {
        if (!getcwd(cwd, sizeof(cwd))) {
            perror("fuzz: getcwd");
            exit(1);
        }
        root = cwd;
    }
    snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/uecsim-fuzz.XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir)) {
        perror("fuzz: mkdtemp");
        exit(1);
    }
    atexit(remove_dir);
    link_all(root, "scenarios");
    link_all(root, "tests/e2e");
    link_all(root, "tests/bad");
    snprintf(inc, sizeof(inc), "%s/tests/bad/include", root);
    snprintf(link, sizeof(link), "%s/include", fuzz_dir);
    symlink(inc, link);
    snprintf(fuzz_file, sizeof(fuzz_file), "%s/fuzz-input.json", fuzz_dir);
}

/* The first "\n#set " at or after from, or NULL. */
static const uint8_t *
next_set(const uint8_t *from, const uint8_t *end)
{
    static const char mark[] = "\n#set ";
    size_t k = sizeof(mark) - 1;

    for (const uint8_t *p = from; p + k <= end; p++)
        if (memcmp(p, mark, k) == 0)
            return p;
    return NULL;
}

void
fuzz_input_split(const uint8_t *data, size_t size, struct fuzz_input *in)
{
    const uint8_t *end = data + size, *s = next_set(data, end);
    size_t file_len = s ? (size_t)(s - data) : size, used = 0;
    int fd;

    memset(in, 0, sizeof(*in));
    fuzz_setup();
    fd = open(fuzz_file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || write(fd, data, file_len) != (ssize_t)file_len ||
        close(fd) != 0) {
        perror("fuzz: cannot write the input file");
        exit(1);
    }
    in->path = fuzz_file;
    in->set_text = malloc(size + 1);
    while (s && in->n_sets < FUZZ_MAX_SETS) {
        const uint8_t *v = s + 6, *e = v;
        char *out = in->set_text + used;

        while (e < end && *e != '\n')
            e++;
        /* argv strings end at a NUL, as here. */
        memcpy(out, v, (size_t)(e - v));
        out[e - v] = '\0';
        in->sets[in->n_sets++] = out;
        used += (size_t)(e - v) + 1;
        s = next_set(e, end);
    }
}

void
fuzz_input_release(struct fuzz_input *in)
{
    free(in->set_text);
    in->set_text = NULL;
}
