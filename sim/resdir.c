/*
 * resdir: the results folder's path check, temporary folder, atomic swap,
 * signals and output checks.  The design is in include/resdir.h.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE and RENAME_NOREPLACE */
#include "resdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"
#include "wfile.h"

/* PATH + TMP_INFIX + 6 random characters (mkdtemp). */
#define TMP_INFIX  ".uecsim-tmp."
#define TMP_RANDOM 6
#define MARKER     ".uecsim-incomplete"

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

static const unsigned char png_signature[8] = {0x89, 'P',  'N',  'G',
                                               '\r', '\n', 0x1a, '\n'};
/* An IEND chunk: length 0, type, CRC-32 of the type. */
static const unsigned char png_iend[12] = {0,   0,   0,    0,    'I',  'E',
                                           'N', 'D', 0xae, 0x42, 0x60, 0x82};

/* --- paths ------------------------------------------------------------ */

static char *
path_join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 2;
    char *p = xmalloc(n);

    snprintf(p, n, "%s/%s", a, b);
    return p;
}

/* The folder that holds path ("." or "/" at the top); owned. */
static char *
dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (!slash)
        return xstrdup(".");
    while (slash > path && slash[-1] == '/')
        slash--;
    if (slash == path)
        return xstrdup("/");
    d = xmalloc((size_t)(slash - path) + 1);
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = '\0';
    return d;
}

static const char *
base_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

static int
is_alnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/*
 * Length of the NAME in NAME + infix + 6 mkdtemp characters, or 0 when
 * name is not of that form.
 */
static size_t
tmp_base_len(const char *name, const char *infix)
{
    size_t n = strlen(name), k = strlen(infix);

    if (n <= k + TMP_RANDOM)
        return 0;
    for (size_t i = n - TMP_RANDOM; i < n; i++)
        if (!is_alnum_ascii(name[i]))
            return 0;
    if (strncmp(name + n - TMP_RANDOM - k, infix, k) != 0)
        return 0;
    return n - TMP_RANDOM - k;
}

/* --- what is at a path ------------------------------------------------- */

/*
 * 1 when dir holds a manifest.json written by uecsim: a regular file
 * that is a JSON object with a "uecsim_version" member near its start.
 */
static int
is_result(const char *dir)
{
    char *path = path_join(dir, "manifest.json");
    char buf[4096];
    struct stat st;
    ssize_t n = -1;
    size_t i = 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

    free(path);
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    while (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')
        i++;
    return buf[i] == '{' && strstr(buf + i, "\"uecsim_version\"") != NULL;
}

/* Nothing at path yet: can its nearest existing ancestor take it?  0 or 2. */
static int
check_ancestors(const char *path, char *err, size_t err_len)
{
    char *anc = dir_of(path);
    int rc = 0;

    for (;;) {
        struct stat st;
        char *up;

        if (stat(anc, &st) == 0) {
            if (!S_ISDIR(st.st_mode)) {
                snprintf(err, err_len, "cannot create %s: %s is not a folder",
                         path, anc);
                rc = 2;
            } else if (access(anc, W_OK | X_OK) != 0) {
                snprintf(err, err_len,
                         "cannot create %s: cannot write in %s: %s", path, anc,
                         strerror(errno));
                rc = 2;
            }
            break;
        }
        if (errno != ENOENT && errno != ENOTDIR) {
            snprintf(err, err_len, "cannot create %s: %s: %s", path, anc,
                     strerror(errno));
            rc = 2;
            break;
        }
        up = dir_of(anc);
        if (strcmp(up, anc) == 0) { /* "." or "/" missing: cannot happen */
            free(up);
            snprintf(err, err_len, "cannot create %s", path);
            rc = 2;
            break;
        }
        free(anc);
        anc = up;
    }
    free(anc);
    return rc;
}

/* May path (normalised) be written as a results folder?  0 or 2. */
static int
check_path(const char *path, char *err, size_t err_len)
{
    struct stat st;

    if (lstat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return check_ancestors(path, err, err_len);
        snprintf(err, err_len, "%s: %s", path, strerror(errno));
        return 2;
    }
    if (S_ISLNK(st.st_mode)) {
        snprintf(err, err_len,
                 "%s: is a symbolic link; uecsim replaces only a results "
                 "folder it wrote: give the folder's own path or a new name",
                 path);
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, err_len,
                 "%s: exists and is not a folder; uecsim never replaces a "
                 "file: choose another output path",
                 path);
        return 2;
    }
    if (!is_result(path)) {
        snprintf(err, err_len,
                 "%s: exists and is not a uecsim results folder (no "
                 "manifest.json written by uecsim); uecsim replaces only its "
                 "own results: remove it or choose another output path",
                 path);
        return 2;
    }
    if (access(path, W_OK | X_OK) != 0) {
        snprintf(err, err_len, "cannot replace %s: %s", path, strerror(errno));
        return 2;
    }
    {
        char *parent = dir_of(path);
        int ok = access(parent, W_OK | X_OK) == 0;

        if (!ok)
            snprintf(err, err_len, "cannot replace %s: cannot write in %s: %s",
                     path, parent, strerror(errno));
        free(parent);
        return ok ? 0 : 2;
    }
}

int
resdir_check_result(const char *dir, char *err, size_t err_len)
{
    struct stat st;

    if (lstat(dir, &st) != 0) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return 2;
    }
    if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode) || !is_result(dir)) {
        snprintf(err, err_len,
                 "%s: is not a uecsim results folder (%s); give the folder "
                 "that run or compare wrote",
                 dir,
                 S_ISLNK(st.st_mode)   ? "a symbolic link"
                 : S_ISDIR(st.st_mode) ? "no manifest.json written by uecsim"
                                       : "not a folder");
        return 2;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, err_len, "cannot write in %s: %s", dir, strerror(errno));
        return 2;
    }
    return 0;
}

/* --- trees -------------------------------------------------------------- */

/* Remove a tree without following symbolic links; 0 or -1. */
static int
remove_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *de;
    int rc = 0;

    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    d = opendir(path);
    if (!d)
        return -1;
    while ((de = readdir(d)) != NULL) {
        char *child;

        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        child = path_join(path, de->d_name);
        if (remove_tree(child) != 0)
            rc = -1;
        free(child);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = -1;
    return rc;
}

/* fsync every file and folder of a tree (the folder after its entries). */
static int
sync_tree(const char *path, char *err, size_t err_len)
{
    struct stat st;
    int fd, rc = 0;

    if (lstat(path, &st) != 0) {
        snprintf(err, err_len, "cannot sync %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode))
        return 0;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *de;

        if (!d) {
            snprintf(err, err_len, "cannot sync %s: %s", path, strerror(errno));
            return -1;
        }
        while (!rc && (de = readdir(d)) != NULL) {
            char *child;

            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            child = path_join(path, de->d_name);
            rc = sync_tree(child, err, err_len);
            free(child);
        }
        closedir(d);
        if (rc)
            return rc;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL)) {
        snprintf(err, err_len, "cannot sync %s: %s", path, strerror(errno));
        rc = -1;
    }
    if (fd >= 0)
        close(fd);
    return rc;
}

static void
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* --- signals ------------------------------------------------------------ */

static void
stop_set(sigset_t *set)
{
    sigemptyset(set);
    for (size_t i = 0; i < ARRAY_LEN(stop_signals); i++)
        sigaddset(set, stop_signals[i]);
}

/* The first stop signal pending for this thread or the process, or 0. */
static int
pending_signal(void)
{
    sigset_t p;

    if (sigpending(&p) != 0)
        return 0;
    for (size_t i = 0; i < ARRAY_LEN(stop_signals); i++)
        if (sigismember(&p, stop_signals[i]) == 1)
            return stop_signals[i];
    return 0;
}

static void
unblock_stop_signals(void)
{
    sigset_t set;

    stop_set(&set);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* End the process by sig, which is pending: the shell sees 128 + sig. */
static void
die_of(int sig)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
    fflush(NULL);
    unblock_stop_signals(); /* delivered here */
    raise(sig);
    _exit(128 + sig);
}

void
resdir_block_signals(void)
{
    sigset_t set;

    stop_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
}

void
resdir_child_signals(void)
{
    sigset_t set;

    /* sigprocmask: async-signal-safe, and the child has one thread. */
    stop_set(&set);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int
resdir_interrupted(char *err, size_t err_len)
{
    int sig = pending_signal();

    if (!sig)
        return 0;
    snprintf(err, err_len, "interrupted (%s)", strsignal(sig));
    return -1;
}

int
resdir_hold_signals(void)
{
    sigset_t set, old;

    stop_set(&set);
    pthread_sigmask(SIG_BLOCK, &set, &old);
    return sigismember(&old, SIGINT) == 1;
}

void
resdir_release_signals(int held)
{
    int sig;

    if (held)
        return; /* the outer holder (resdir_finish) acts on a signal */
    sig = pending_signal();
    if (sig)
        die_of(sig);
    unblock_stop_signals();
}

/* --- the marker in a temporary folder ---------------------------------- */

struct marker {
    long pid;
    char host[256];
    char *made; /* "made PATH\n" lines, in creation order; owned */
};

/* Read tmp's marker; 0, or -1 when there is none (or it is not ours). */
static int
marker_read(const char *tmp, struct marker *m)
{
    char *path = path_join(tmp, MARKER), *text, *line, *save = NULL;
    struct stat st;
    size_t len;

    memset(m, 0, sizeof(*m));
    if (lstat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > 65536) {
        free(path);
        return -1;
    }
    text = util_read_file(path, &len);
    free(path);
    if (!text || strncmp(text, "uecsim ", 7) != 0) {
        free(text);
        return -1;
    }
    m->made = xcalloc(1, len + 1);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (strncmp(line, "pid ", 4) == 0)
            m->pid = strtol(line + 4, NULL, 10);
        else if (strncmp(line, "host ", 5) == 0)
            snprintf(m->host, sizeof(m->host), "%s", line + 5);
        else if (strncmp(line, "made ", 5) == 0)
            strcat(strcat(m->made, line), "\n");
    }
    free(text);
    return 0;
}

static int
marker_write(const char *tmp, const char *made, char *err, size_t err_len)
{
    struct wfile w;
    char host[256] = "";

    gethostname(host, sizeof(host) - 1);
    if (wfile_open(&w, tmp, MARKER) == 0)
        wfile_printf(&w,
                     "uecsim temporary results folder: removed when its run "
                     "ends, or by a later run once the process below is gone\n"
                     "pid %ld\nhost %s\n%s",
                     (long)getpid(), host, made);
    return wfile_close(&w, err, err_len);
}

/* Remove the folders named in made ("made PATH\n"), deepest first, if empty. */
static void
remove_made(char *made)
{
    for (;;) {
        char *last;
        size_t n = strlen(made);

        while (n > 0 && made[n - 1] == '\n')
            made[--n] = '\0';
        if (n == 0)
            return;
        last = strrchr(made, '\n');
        last = last ? last + 1 : made;
        if (strncmp(last, "made ", 5) == 0)
            rmdir(last + 5);
        *last = '\0';
    }
}

/* Remove a temporary folder and the parents its run created. */
static void
discard(const char *tmp)
{
    struct marker m;
    int have = marker_read(tmp, &m) == 0;

    remove_tree(tmp);
    if (have)
        remove_made(m.made);
    free(m.made);
}

/* --- leftovers of earlier runs ----------------------------------------- */

static void note(FILE *notes, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(FILE *notes, const char *fmt, ...)
{
    va_list ap;

    if (!notes)
        return;
    fputs("uecsim: ", notes);
    va_start(ap, fmt);
    vfprintf(notes, fmt, ap);
    va_end(ap);
    fputc('\n', notes);
}

/* One NAME.uecsim-tmp.XXXXXX folder in parent. */
static void
leftover(const char *parent, const char *name, size_t base_len, FILE *notes)
{
    char *full = path_join(parent, name);
    struct marker m;
    struct stat st;

    if (lstat(full, &st) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != geteuid()) {
        free(full);
        return;
    }
    if (marker_read(full, &m) == 0) {
        char host[256] = "";

        gethostname(host, sizeof(host) - 1);
        if (strcmp(host, m.host) != 0) {
            note(notes,
                 "%s was left by a run on host %s; remove it once that run is "
                 "over (pid %ld)",
                 full, m.host, m.pid);
        } else if (m.pid > 0 && m.pid != (long)getpid() &&
                   kill((pid_t)m.pid, 0) != 0 && errno == ESRCH) {
            if (remove_tree(full) == 0)
                note(notes, "removed %s, left by an interrupted run", full);
            else
                note(notes, "cannot remove %s, left by an interrupted run",
                     full);
        }
        /* Otherwise a run is writing it now: leave it alone. */
        free(m.made);
    } else if (rmdir(full) == 0) {
        note(notes, "removed %s, an empty folder left by an interrupted run",
             full);
    } else if (is_result(full)) {
        char *base = xmalloc(base_len + 1), *dest;

        memcpy(base, name, base_len);
        base[base_len] = '\0';
        dest = path_join(parent, base);
        if (is_result(dest) && remove_tree(full) == 0)
            note(notes,
                 "removed %s, a previous result that an interrupted run had "
                 "replaced by %s",
                 full, dest);
        else if (is_result(dest))
            note(notes, "cannot remove %s, a previous result replaced by %s",
                 full, dest);
        else
            note(notes,
                 "%s holds the previous result, moved aside by a run that was "
                 "killed before it put the new one at %s: rename it back or "
                 "remove it",
                 full, dest);
        free(dest);
        free(base);
    } else {
        note(notes,
             "%s looks like a uecsim temporary folder but has no marker; "
             "left untouched",
             full);
    }
    free(full);
}

/* Clean or report leftovers in the folder that will hold path. */
static void
scan_leftovers(const char *path, FILE *notes)
{
    char *parent = dir_of(path);
    DIR *d = opendir(parent);
    struct dirent *de;

    if (d) {
        while ((de = readdir(d)) != NULL) {
            size_t k = tmp_base_len(de->d_name, TMP_INFIX);

            if (k > 0) {
                leftover(parent, de->d_name, k, notes);
            } else if (tmp_base_len(de->d_name, ".tmp.") > 0) {
                char *full = path_join(parent, de->d_name);

                if (is_result(full))
                    note(notes,
                         "%s looks like a temporary folder left by an older "
                         "uecsim; remove it if no run is writing it",
                         full);
                free(full);
            }
        }
        closedir(d);
    }
    free(parent);
}

/* --- the life of a results folder ---------------------------------------- */

int
resdir_check(const char *path, char **norm, FILE *notes, char *err,
             size_t err_len)
{
    char *p;
    const char *base;
    size_t n;
    int rc;

    *norm = NULL;
    if (!path || !*path) {
        snprintf(err, err_len, "the output folder (-o) is an empty name");
        return 2;
    }
    if (strchr(path, '\n')) {
        snprintf(err, err_len, "the output folder's name has a line break");
        return 2;
    }
    p = xstrdup(path);
    n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    base = base_of(p);
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        snprintf(err, err_len,
                 "%s: name a results folder of its own (not '.', '..' or '/')",
                 path);
        free(p);
        return 2;
    }
    if (strlen(base) + strlen(TMP_INFIX) + TMP_RANDOM > NAME_MAX) {
        snprintf(err, err_len, "%s: the folder name is too long", path);
        free(p);
        return 2;
    }
    rc = check_path(p, err, err_len);
    if (rc) {
        free(p);
        return rc;
    }
    scan_leftovers(p, notes);
    *norm = p;
    return 0;
}

/*
 * Create the missing parents of dir, appending "made PATH\n" for each to
 * *made.  0 or -1 (errno).
 */
static int
make_parents(const char *dir, char **made)
{
    char *p = dir_of(dir);
    size_t used = 0;
    int rc = 0;

    *made = xcalloc(1, 1);
    for (char *c = p + 1;; c++) {
        int end = *c == '\0';

        if (!end && (*c != '/' || c[-1] == '/'))
            continue;
        *c = '\0';
        if (mkdir(p, 0777) == 0) {
            size_t k = strlen(p) + 7;

            *made = xrealloc(*made, used + k);
            snprintf(*made + used, k, "made %s\n", p);
            used += k - 1;
        } else if (errno != EEXIST) {
            rc = -1;
        }
        if (end || rc)
            break;
        *c = '/';
    }
    free(p);
    return rc;
}

int
resdir_begin(const char *dir, char **tmp, char *err, size_t err_len)
{
    char *made = NULL;
    size_t n = strlen(dir) + strlen(TMP_INFIX) + TMP_RANDOM + 1;
    int rc;

    resdir_block_signals();
    *tmp = NULL;
    /* The run took a while: what is at dir may have changed. */
    rc = check_path(dir, err, err_len) ? -1 : 0;
    if (!rc && make_parents(dir, &made) != 0) {
        char *parent = dir_of(dir);

        snprintf(err, err_len, "cannot create %s: %s", parent, strerror(errno));
        free(parent);
        rc = -1;
    }
    if (!rc) {
        *tmp = xmalloc(n);
        snprintf(*tmp, n, "%s" TMP_INFIX "XXXXXX", dir);
        if (!mkdtemp(*tmp)) {
            snprintf(err, err_len, "cannot create a folder beside %s: %s", dir,
                     strerror(errno));
            free(*tmp);
            *tmp = NULL;
            rc = -1;
        }
    }
    if (!rc) {
        /* mkdtemp makes 0700; results are meant to be shared like any file. */
        chmod(*tmp, 0755);
        rc = marker_write(*tmp, made, err, err_len);
    }
    if (rc) {
        if (*tmp)
            remove_tree(*tmp);
        if (made)
            remove_made(made);
        free(*tmp);
        *tmp = NULL;
        unblock_stop_signals();
    }
    free(made);
    return rc;
}

/* Put the finished tmp at dir.  0, or -1 with a message. */
static int
commit(const char *tmp, const char *dir, char *err, size_t err_len)
{
    struct stat st;
    char *old = NULL, *parent, *marker;
    int rc = sync_tree(tmp, err, err_len), placed = 0;

    if (rc)
        return rc;
    if (lstat(dir, &st) != 0 && errno == ENOENT) {
        /*
         * NOREPLACE: an empty folder made there meanwhile is not ours;
         * EEXIST (another run put its result there meanwhile) goes on
         * to the exchange below.
         */
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_NOREPLACE) == 0 ||
            ((errno == EINVAL || errno == ENOSYS) && rename(tmp, dir) == 0)) {
            placed = 1;
        } else if (errno != EEXIST) {
            snprintf(err, err_len, "cannot rename %s to %s: %s", tmp, dir,
                     strerror(errno));
            return -1;
        }
    }
    if (placed) {
        /* Done: nothing was there. */
    } else if (check_path(dir, err, err_len) != 0) {
        return -1; /* something else appeared there during the run */
    } else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        old = xstrdup(tmp); /* the previous result, to remove */
    } else if (errno == EINVAL || errno == ENOSYS) {
        /* No atomic exchange here: old result aside, then the new in. */
        size_t n = strlen(dir) + strlen(TMP_INFIX) + TMP_RANDOM + 1;

        old = xmalloc(n);
        snprintf(old, n, "%s" TMP_INFIX "XXXXXX", dir);
        if (!mkdtemp(old) || rmdir(old) != 0 || rename(dir, old) != 0) {
            snprintf(err, err_len, "cannot replace %s: %s", dir,
                     strerror(errno));
            free(old);
            return -1;
        }
        if (rename(tmp, dir) != 0) {
            snprintf(err, err_len, "cannot rename %s to %s: %s", tmp, dir,
                     strerror(errno));
            if (rename(old, dir) != 0)
                snprintf(err, err_len,
                         "cannot rename %s to %s, and the previous result is "
                         "now at %s",
                         tmp, dir, old);
            free(old);
            return -1;
        }
    } else {
        snprintf(err, err_len, "cannot replace %s: %s", dir, strerror(errno));
        return -1;
    }
    parent = dir_of(dir);
    sync_dir(parent);
    free(parent);
    /* The marker came along; the result is complete without it. */
    marker = path_join(dir, MARKER);
    unlink(marker);
    free(marker);
    if (old) {
        remove_tree(old); /* on failure the next run cleans it up */
        free(old);
    }
    return 0;
}

int
resdir_finish(char *tmp, const char *dir, int rc, char *err, size_t err_len)
{
    int sig = pending_signal();

    if (sig) {
        discard(tmp);
        fprintf(stderr,
                "uecsim: %s while writing %s: stopped; %s is unchanged\n",
                strsignal(sig), dir, dir);
        free(tmp);
        die_of(sig);
    }
    if (!rc)
        rc = commit(tmp, dir, err, err_len);
    if (rc)
        discard(tmp);
    free(tmp);
    unblock_stop_signals(); /* one that came during the swap ends us now */
    return rc;
}

/* --- checking what was written ----------------------------------------- */

/* Open a file gnuplot should have written; its size in *size.  fd or -1. */
static int
open_output(const char *path, off_t *size, char *err, size_t err_len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

    if (fd < 0) {
        snprintf(err, err_len, "%s: gnuplot did not write it: %s", path,
                 strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, err_len, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_size == 0) {
        snprintf(err, err_len,
                 "%s: gnuplot wrote an empty file (is the disk full?)", path);
        close(fd);
        return -1;
    }
    *size = st.st_size;
    return fd;
}

static int
read_at(int fd, void *buf, size_t n, off_t at)
{
    return pread(fd, buf, n, at) == (ssize_t)n ? 0 : -1;
}

int
resdir_check_png(const char *path, char *err, size_t err_len)
{
    unsigned char head[sizeof(png_signature)], tail[sizeof(png_iend)];
    off_t size;
    int fd = open_output(path, &size, err, err_len), rc = 0;

    if (fd < 0)
        return -1;
    if (size < (off_t)(sizeof(head) + sizeof(tail)) ||
        read_at(fd, head, sizeof(head), 0) != 0 ||
        memcmp(head, png_signature, sizeof(head)) != 0) {
        snprintf(err, err_len, "%s: gnuplot did not write a PNG", path);
        rc = -1;
    } else if (read_at(fd, tail, sizeof(tail), size - (off_t)sizeof(tail)) !=
                   0 ||
               memcmp(tail, png_iend, sizeof(tail)) != 0) {
        snprintf(err, err_len,
                 "%s: gnuplot wrote a truncated PNG (no IEND end marker; is "
                 "the disk full?)",
                 path);
        rc = -1;
    }
    close(fd);
    return rc;
}

int
resdir_check_svg(const char *path, char *err, size_t err_len)
{
    static const char end_tag[] = "</svg>";
    char tail[256];
    off_t size;
    size_t n, k = strlen(end_tag);
    int fd = open_output(path, &size, err, err_len), rc = 0;

    if (fd < 0)
        return -1;
    n = size < (off_t)sizeof(tail) ? (size_t)size : sizeof(tail);
    if (read_at(fd, tail, n, size - (off_t)n) != 0) {
        snprintf(err, err_len, "cannot read %s: %s", path, strerror(errno));
        rc = -1;
    } else {
        while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' ||
                         tail[n - 1] == ' ' || tail[n - 1] == '\t'))
            n--;
        if (n < k || memcmp(tail + n - k, end_tag, k) != 0) {
            snprintf(err, err_len,
                     "%s: gnuplot wrote a truncated SVG (it does not end with "
                     "</svg>; is the disk full?)",
                     path);
            rc = -1;
        }
    }
    close(fd);
    return rc;
}

int
resdir_check_plot(const char *dir, const char *name, char *err, size_t err_len)
{
    size_t n = strlen(dir) + strlen(name) + 6;
    char *path = xmalloc(n);
    int rc;

    snprintf(path, n, "%s/%s.png", dir, name);
    rc = resdir_check_png(path, err, err_len);
    if (!rc) {
        snprintf(path, n, "%s/%s.svg", dir, name);
        rc = resdir_check_svg(path, err, err_len);
    }
    free(path);
    if (!rc)
        rc = resdir_interrupted(err, err_len);
    return rc;
}
