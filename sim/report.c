/*
 * report: report.html and report.pdf written into a results folder
 * (include/report.h says how and why this way), and Chromium found and
 * run to print the page.
 */
#define _GNU_SOURCE /* fdopendir, O_DIRECTORY, O_NOFOLLOW, mkdtemp */
#include "report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report_int.h"
#include "resdir.h"
#include "util.h"

#define TMP_LEAD ".uecsim-tmp."
/* Chromium prints a report in a few seconds; past this it is stuck. */
#define CHROMIUM_TIMEOUT_S 120

int
report_html(const char *dir, const char *date, char **html, size_t *len,
            char *err, size_t err_len)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct rpt r;
    struct sbuf o = {NULL, 0, 0};
    int rc;

    *html = NULL;
    if (dfd < 0) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return 2;
    }
    rc = rpt_read(dfd, dir, &r, err, err_len);
    close(dfd);
    if (!rc) {
        rpt_page(&r, date, &o);
        *html = sb_take(&o, len);
    }
    rpt_release(&r);
    return rc;
}

/* --- whose file ----------------------------------------------------------- */

/* Whether buf holds needle, ignoring case in the ASCII letters. */
static int
holds_ci(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(buf + i, needle, n) == 0)
            return 1;
    return 0;
}

/*
 * Whether a PDF is a uecsim report's: Chromium writes the page's title
 * into the document information, as a literal string or, when the title
 * has a character beyond ASCII, in hex UTF-16 (<FEFF0075...>).
 */
static int
pdf_is_ours(const char *buf, size_t len)
{
    char lit[64], hex[256];
    size_t n = 0;

    if (len < 5 || memcmp(buf, "%PDF-", 5) != 0)
        return 0;
    snprintf(lit, sizeof(lit), "(%s", RPT_TITLE_MARK);
    n = (size_t)snprintf(hex, sizeof(hex), "<FEFF");
    for (const char *p = RPT_TITLE_MARK; *p && n + 5 < sizeof(hex); p++)
        n += (size_t)snprintf(hex + n, sizeof(hex) - n, "00%02X",
                              (unsigned char)*p);
    return holds_ci(buf, len, lit) || holds_ci(buf, len, hex);
}

/* 0 when dir's name is free or holds a report uecsim wrote, else 2. */
static int
check_ours(int dfd, const char *dir, const char *name, char *err,
           size_t err_len)
{
    size_t len;
    char *buf = rpt_slurp(dfd, name, 256u << 20, &len);
    int ours;

    if (!buf && errno == ENOENT)
        return 0;
    ours = buf && (strcmp(name, "report.pdf") == 0
                       ? pdf_is_ours(buf, len)
                       : holds_ci(buf, len < 4096 ? len : 4096, RPT_GENERATOR));
    free(buf);
    if (ours)
        return 0;
    snprintf(err, err_len,
             "%s/%s: exists and is not a report uecsim wrote; uecsim replaces "
             "only its own: move it away, or write the report elsewhere",
             dir, name);
    return 2;
}

/* --- files aside ---------------------------------------------------------- */

/*
 * Remove what a killed report left aside in the folder: files named
 * .uecsim-tmp.PID.N.report.* whose process is gone.
 */
static void
clean_leftovers(int dfd)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;

    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        const char *p = e->d_name;
        char *end;
        long pid;

        if (strncmp(p, TMP_LEAD, strlen(TMP_LEAD)) != 0 ||
            !strstr(p, ".report."))
            continue;
        pid = strtol(p + strlen(TMP_LEAD), &end, 10);
        if (pid <= 0 || *end != '.')
            continue;
        /* On this host: a process that is gone left it. */
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        unlinkat(dfd, p, 0);
    }
    closedir(d);
}

/* Create a file aside for name: its name in aside, the open fd or -1. */
static int
open_aside(int dfd, const char *name, char *aside, size_t len)
{
    for (int i = 0; i < 1000; i++) {
        int fd;

        snprintf(aside, len, TMP_LEAD "%ld.%d.%s", (long)getpid(), i, name);
        fd = openat(dfd, aside, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd >= 0)
            return fd;
        if (errno != EEXIST)
            break;
    }
    aside[0] = '\0'; /* nothing of ours to remove */
    if (errno == 0)
        errno = EEXIST;
    return -1;
}

static int
write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

/* --- Chromium --------------------------------------------------------------
 */

static int
executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
           access(path, X_OK) == 0;
}

int
report_chromium(char *buf, size_t len)
{
    static const char *const names[] = {"chromium", "chromium-browser",
                                        "google-chrome",
                                        "google-chrome-stable"};
    const char *env = getenv("UECSIM_CHROMIUM");
    const char *path = getenv("PATH");

    if (env && *env) {
        if (executable(env)) {
            snprintf(buf, len, "%s", env);
            return 0;
        }
        snprintf(buf, len, "UECSIM_CHROMIUM=%s is not an executable file", env);
        return -1;
    }
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        const char *p = path ? path : "/usr/bin:/bin";

        while (*p) {
            size_t n = strcspn(p, ":");

            snprintf(buf, len, "%.*s/%s", (int)n, n ? p : ".", names[i]);
            if (executable(buf))
                return 0;
            p += n + (p[n] == ':');
        }
    }
    snprintf(buf, len,
             "no Chromium found (chromium, chromium-browser or google-chrome "
             "on PATH, or UECSIM_CHROMIUM); on Debian: apt-get install "
             "chromium");
    return -1;
}

/* A file URL for an absolute path, each byte outside A-Za-z0-9-._~/
 * percent-encoded. */
static char *
file_url(const char *path)
{
    struct sbuf b = {NULL, 0, 0};

    sb_add(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            sb_mem(&b, (const char *)p, 1);
        else
            sb_add(&b, "%%%02X", *p);
    }
    return sb_take(&b, NULL);
}

/* Remove a tree this process made (a Chromium profile). */
static void
remove_tree_at(int dfd, const char *name)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct dirent *e;

    if (!d) {
        if (fd >= 0)
            close(fd);
        unlinkat(dfd, name, 0);
        return;
    }
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) != 0)
            remove_tree_at(dirfd(d), e->d_name);
    }
    closedir(d);
    unlinkat(dfd, name, AT_REMOVEDIR);
}

/* The last lines Chromium printed, for a message. */
static void
log_tail(FILE *log, char *buf, size_t len)
{
    char all[4096];
    size_t n;
    long size;

    buf[0] = '\0';
    if (!log || fseek(log, 0, SEEK_END) != 0 || (size = ftell(log)) < 0)
        return;
    fseek(log, size > (long)sizeof(all) - 1 ? size - (long)sizeof(all) + 1 : 0,
          SEEK_SET);
    n = fread(all, 1, sizeof(all) - 1, log);
    all[n] = '\0';
    while (n > 0 && (all[n - 1] == '\n' || all[n - 1] == ' '))
        all[--n] = '\0';
    {
        const char *p = all + n;
        int lines = 0;

        while (p > all && lines < 3)
            if (*--p == '\n')
                lines++;
        snprintf(buf, len, "%s", p + (*p == '\n'));
    }
}

/*
 * Print html (a file URL) to pdf (an absolute path) with Chromium.
 * Returns 0, or 1 with a message.
 */
static int
print_pdf(const char *chromium, const char *html, const char *pdf, char *err,
          size_t err_len)
{
    const char *tmpdir = getenv("TMPDIR");
    char profile[PATH_MAX], arg_profile[PATH_MAX + 32], arg_pdf[PATH_MAX + 200];
    const char *argv[24];
    size_t n = 0;
    FILE *log = tmpfile();
    pid_t pid;
    int status = 0, waited = 0;

    snprintf(profile, sizeof(profile), "%s/uecsim-chromium.XXXXXX",
             tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!log || !mkdtemp(profile)) {
        snprintf(err, err_len, "cannot make a Chromium profile in %s: %s",
                 tmpdir && *tmpdir ? tmpdir : "/tmp", strerror(errno));
        if (log)
            fclose(log);
        return 1;
    }
    snprintf(arg_profile, sizeof(arg_profile), "--user-data-dir=%s", profile);
    snprintf(arg_pdf, sizeof(arg_pdf), "--print-to-pdf=%s", pdf);
    argv[n++] = chromium;
    argv[n++] = "--headless";
    if (geteuid() == 0)
        argv[n++] = "--no-sandbox"; /* Chromium refuses root without it */
    argv[n++] = "--disable-gpu";
    argv[n++] = "--disable-quic";
    argv[n++] = "--no-first-run";
    argv[n++] = "--no-default-browser-check";
    argv[n++] = "--disable-background-networking";
    argv[n++] = "--disable-component-update";
    argv[n++] = "--disable-sync";
    argv[n++] = "--disable-extensions";
    argv[n++] = "--mute-audio";
    argv[n++] = arg_profile;
    argv[n++] = "--no-pdf-header-footer";
    argv[n++] = "--print-to-pdf-no-header"; /* its name before Chromium 111 */
    argv[n++] = arg_pdf;
    argv[n++] = html;
    argv[n] = NULL;

    fflush(NULL);
    pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDONLY);

        resdir_child_signals();
        if (null >= 0)
            dup2(null, 0);
        dup2(fileno(log), 1);
        dup2(fileno(log), 2);
        execv(chromium, (char *const *)argv);
        _exit(127);
    }
    if (pid < 0) {
        snprintf(err, err_len, "cannot start %s: %s", chromium,
                 strerror(errno));
    } else {
        for (int tick = 0; tick < CHROMIUM_TIMEOUT_S * 20; tick++) {
            struct timespec ts = {0, 50 * 1000 * 1000};
            pid_t w = waitpid(pid, &status, WNOHANG);

            if (w == pid || (w < 0 && errno != EINTR)) {
                waited = w == pid;
                break;
            }
            nanosleep(&ts, NULL);
        }
        if (!waited) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(err, err_len, "%s did not print the report within %d s",
                     chromium, CHROMIUM_TIMEOUT_S);
        } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            char tail[1024];

            log_tail(log, tail, sizeof(tail));
            snprintf(err, err_len, "%s failed (%s %d)%s%s", chromium,
                     WIFEXITED(status) ? "exit status" : "signal",
                     WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
                     *tail ? ": " : "", tail);
            waited = 0;
        }
    }
    fclose(log);
    remove_tree_at(AT_FDCWD, profile);
    return pid > 0 && waited ? 0 : 1;
}

/* The PDF Chromium wrote aside: whole, and recognisably ours. */
static int
check_pdf(int dfd, const char *dir, const char *aside, char *err,
          size_t err_len)
{
    size_t len;
    char *buf = rpt_slurp(dfd, aside, 256u << 20, &len);
    int ok = buf && len > 5 &&
             holds_ci(buf + (len > 1024 ? len - 1024 : 0),
                      len > 1024 ? 1024 : len, "%%EOF") &&
             pdf_is_ours(buf, len);

    free(buf);
    if (!ok)
        snprintf(err, err_len,
                 "%s/%s: Chromium did not write a whole PDF of the report", dir,
                 aside);
    return ok ? 0 : 1;
}

/* --- writing ----------------------------------------------------------------
 */

int
report_write(const char *dir, const struct report_opts *o, char *err,
             size_t err_len)
{
    char abs[PATH_MAX], html_aside[128] = "", pdf_aside[128] = "";
    char *html = NULL;
    size_t len = 0;
    struct rpt r;
    struct sbuf page = {NULL, 0, 0};
    int dfd, fd, rc, held;

    rc = resdir_check_result(dir, err, err_len);
    if (rc)
        return rc;
    if (!realpath(dir, abs)) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return 2;
    }
    dfd = open(abs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        snprintf(err, err_len, "%s: %s", dir, strerror(errno));
        return 2;
    }
    rc = check_ours(dfd, dir, "report.html", err, err_len);
    if (!rc && o->pdf)
        rc = check_ours(dfd, dir, "report.pdf", err, err_len);
    if (!rc)
        rc = rpt_read(dfd, dir, &r, err, err_len);
    else
        memset(&r, 0, sizeof(r));
    if (!rc) {
        rpt_page(&r, o->date, &page);
        html = sb_take(&page, &len);
    }
    rpt_release(&r);
    if (rc) {
        close(dfd);
        return rc;
    }

    held = resdir_hold_signals();
    clean_leftovers(dfd);
    fd = open_aside(dfd, "report.html", html_aside, sizeof(html_aside));
    if (fd < 0 || write_all(fd, html, len) != 0 || fsync(fd) != 0) {
        snprintf(err, err_len, "cannot write %s/%s: %s", dir,
                 fd < 0 ? "report.html" : html_aside, strerror(errno));
        rc = 1;
    }
    if (fd >= 0 && close(fd) != 0 && !rc) {
        snprintf(err, err_len, "cannot write %s/%s: %s", dir, html_aside,
                 strerror(errno));
        rc = 1;
    }
    if (!rc && o->pdf) {
        char path[PATH_MAX + 160], *url;

        fd = open_aside(dfd, "report.pdf", pdf_aside, sizeof(pdf_aside));
        if (fd < 0) {
            snprintf(err, err_len, "cannot write %s/report.pdf: %s", dir,
                     strerror(errno));
            rc = 1;
        } else {
            close(fd);
            snprintf(path, sizeof(path), "%s/%s", abs, html_aside);
            url = file_url(path);
            snprintf(path, sizeof(path), "%s/%s", abs, pdf_aside);
            rc = print_pdf(o->chromium, url, path, err, err_len);
            free(url);
        }
        if (!rc)
            rc = check_pdf(dfd, dir, pdf_aside, err, err_len);
        if (!rc) {
            fd = openat(dfd, pdf_aside, O_RDONLY | O_CLOEXEC);
            if (fd < 0 || fsync(fd) != 0) {
                snprintf(err, err_len, "cannot sync %s/%s: %s", dir, pdf_aside,
                         strerror(errno));
                rc = 1;
            }
            if (fd >= 0)
                close(fd);
        }
    }
    if (!rc && resdir_interrupted(err, err_len))
        rc = 1;
    if (!rc && *pdf_aside && renameat(dfd, pdf_aside, dfd, "report.pdf") != 0) {
        snprintf(err, err_len, "cannot put %s/report.pdf in place: %s", dir,
                 strerror(errno));
        rc = 1;
    }
    if (!rc && renameat(dfd, html_aside, dfd, "report.html") != 0) {
        snprintf(err, err_len, "cannot put %s/report.html in place: %s", dir,
                 strerror(errno));
        rc = 1;
    }
    if (rc) {
        if (*html_aside)
            unlinkat(dfd, html_aside, 0);
        if (*pdf_aside)
            unlinkat(dfd, pdf_aside, 0);
    } else {
        fsync(dfd);
    }
    close(dfd);
    free(html);
    resdir_release_signals(held);
    return rc;
}
