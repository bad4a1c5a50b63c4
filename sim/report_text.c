/*
 * report_text: the board report's text tools: a growing string with
 * HTML escaping, a CSV parser for the results folder's tables, and the
 * charts' SVG rewritten to sit safely inline in one page.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "calendar.h"
#include "kpi.h"
#include "report_int.h"
#include "util.h"

/* --- a growing string ----------------------------------------------------- */

static void
sb_room(struct sbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return;
    b->cap = 2 * (b->len + n + 1) + 256;
    b->buf = xrealloc(b->buf, b->cap);
}

void
sb_add(struct sbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    sb_room(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void
sb_mem(struct sbuf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    sb_room(b, n);
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

void
sb_esc(struct sbuf *b, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        const char *rep = NULL;

        switch (*p) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (rep)
            sb_mem(b, rep, strlen(rep));
        else
            sb_mem(b, p, 1);
    }
}

char *
sb_take(struct sbuf *b, size_t *len)
{
    char *s = b->buf ? b->buf : xstrdup("");

    if (len)
        *len = b->len;
    memset(b, 0, sizeof(*b));
    return s;
}

void
sb_release(struct sbuf *b)
{
    free(b->buf);
    memset(b, 0, sizeof(*b));
}

/* --- CSV ------------------------------------------------------------------ */

/* Append a field to a row being built. */
static void
field_add(char ***fields, size_t *n, struct sbuf *f)
{
    *fields = xrealloc(*fields, (*n + 1) * sizeof(**fields));
    (*fields)[(*n)++] = sb_take(f, NULL);
}

static void
row_free(char **fields, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(fields[i]);
    free(fields);
}

int
csv_parse(const char *text, size_t len, struct csv *out, char *err,
          size_t err_len)
{
    struct sbuf f = {NULL, 0, 0};
    char **fields = NULL;
    size_t nf = 0, line = 1, i = 0;

    memset(out, 0, sizeof(*out));
    while (i < len) {
        int end_row = 0;

        if (text[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) {
                    snprintf(err, err_len, "line %zu: a quote is not closed",
                             line);
                    sb_release(&f);
                    row_free(fields, nf);
                    csv_release(out);
                    return -1;
                }
                if (text[i] == '"' && i + 1 < len && text[i + 1] == '"') {
                    sb_mem(&f, "\"", 1);
                    i += 2;
                } else if (text[i] == '"') {
                    i++;
                    break;
                } else {
                    line += text[i] == '\n';
                    sb_mem(&f, text + i++, 1);
                }
            }
        }
        while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
            sb_mem(&f, text + i++, 1);
        if (i < len && text[i] == '\r')
            i++;
        if (i >= len || text[i] == '\n') {
            end_row = 1;
            line++;
        }
        i++;
        field_add(&fields, &nf, &f);
        if (!end_row)
            continue;
        if (out->n_rows == 0) {
            out->n_cols = nf;
        } else if (nf > out->n_cols) {
            snprintf(err, err_len, "line %zu: %zu fields, the header has %zu",
                     line - 1, nf, out->n_cols);
            sb_release(&f);
            row_free(fields, nf);
            csv_release(out);
            return -1;
        }
        while (nf < out->n_cols) {
            fields = xrealloc(fields, (nf + 1) * sizeof(*fields));
            fields[nf++] = xstrdup("");
        }
        out->row = xrealloc(out->row, (out->n_rows + 1) * sizeof(*out->row));
        out->row[out->n_rows++] = fields;
        fields = NULL;
        nf = 0;
    }
    sb_release(&f);
    row_free(fields, nf);
    return 0;
}

int
csv_col(const struct csv *c, const char *name)
{
    for (size_t j = 0; c->n_rows && j < c->n_cols; j++)
        if (strcmp(c->row[0][j], name) == 0)
            return (int)j;
    return -1;
}

void
csv_release(struct csv *c)
{
    for (size_t i = 0; i < c->n_rows; i++)
        row_free(c->row[i], c->n_cols);
    free(c->row);
    memset(c, 0, sizeof(*c));
}

/* --- charts --------------------------------------------------------------- */

/* Elements a chart never has and an inline page must not carry. */
static const char *const banned_elements[] = {
    "script", "foreignobject", "iframe", "object",
    "embed",  "style",         "image",  "a"};

static int
starts_ci(const char *p, const char *end, const char *word)
{
    size_t n = strlen(word);

    return (size_t)(end - p) >= n && strncasecmp(p, word, n) == 0;
}

static int
is_name_char(char c)
{
    return isalnum((unsigned char)c) || c == ':' || c == '-' || c == '_' ||
           c == '.';
}

/* A value with every url(#x) made url(#PREFIX-x); -1 for url( to anywhere
 * else. */
static int
rewrite_urls(struct sbuf *o, const char *v, size_t n, const char *prefix)
{
    size_t i = 0;

    while (i < n) {
        if (n - i >= 4 && strncasecmp(v + i, "url(", 4) == 0) {
            if (i + 4 >= n || v[i + 4] != '#')
                return -1;
            sb_add(o, "url(#%s-", prefix);
            i += 5;
            continue;
        }
        sb_mem(o, v + i++, 1);
    }
    return 0;
}

/*
 * One start tag at p (after '<'), up to its '>', rewritten into o.
 * Returns the byte after '>', or NULL with the reason.
 */
static const char *
rewrite_tag(const char *p, const char *end, const char *prefix, int root,
            struct sbuf *o, char *why, size_t why_len)
{
    const char *name = p;

    while (p < end && is_name_char(*p))
        p++;
    for (size_t i = 0; i < ARRAY_LEN(banned_elements); i++)
        if ((size_t)(p - name) == strlen(banned_elements[i]) &&
            strncasecmp(name, banned_elements[i], (size_t)(p - name)) == 0) {
            snprintf(why, why_len, "it has a <%s> element", banned_elements[i]);
            return NULL;
        }
    sb_add(o, "<%.*s", (int)(p - name), name);
    if (root)
        sb_add(o, " role=\"img\" aria-labelledby=\"%s-title\" class=\"chart\"",
               prefix);
    for (;;) {
        const char *an, *v = NULL;
        size_t an_len, v_len = 0;
        char q = 0;

        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p >= end) {
            snprintf(why, why_len, "a tag is not closed");
            return NULL;
        }
        if (*p == '>' || (*p == '/' && p + 1 < end && p[1] == '>')) {
            sb_add(o, "%s", *p == '>' ? ">" : "/>");
            return p + (*p == '>' ? 1 : 2);
        }
        an = p;
        while (p < end && is_name_char(*p))
            p++;
        an_len = (size_t)(p - an);
        if (an_len == 0) {
            snprintf(why, why_len, "a tag has a malformed attribute");
            return NULL;
        }
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (p < end && *p == '=') {
            p++;
            while (p < end && isspace((unsigned char)*p))
                p++;
            if (p >= end || (*p != '"' && *p != '\'')) {
                snprintf(why, why_len, "an attribute value is not quoted");
                return NULL;
            }
            q = *p++;
            v = p;
            while (p < end && *p != q)
                p++;
            if (p >= end) {
                snprintf(why, why_len, "an attribute value is not closed");
                return NULL;
            }
            v_len = (size_t)(p - v);
            p++;
        }
        if (an_len > 2 && strncasecmp(an, "on", 2) == 0) {
            snprintf(why, why_len, "it has an event handler (%.*s)",
                     (int)an_len, an);
            return NULL;
        }
        sb_add(o, " %.*s", (int)an_len, an);
        if (!v)
            continue;
        sb_add(o, "=%c", q);
        if (an_len == 2 && strncasecmp(an, "id", 2) == 0) {
            sb_add(o, "%s-", prefix);
            sb_mem(o, v, v_len);
        } else if ((an_len == 4 && strncasecmp(an, "href", 4) == 0) ||
                   (an_len == 10 && strncasecmp(an, "xlink:href", 10) == 0)) {
            if (v_len == 0 || v[0] != '#') {
                snprintf(why, why_len, "it links out of the file (%.*s)",
                         (int)an_len, an);
                return NULL;
            }
            sb_add(o, "#%s-", prefix);
            sb_mem(o, v + 1, v_len - 1);
        } else if (rewrite_urls(o, v, v_len, prefix) != 0) {
            snprintf(why, why_len, "it refers out of the file (url() in %.*s)",
                     (int)an_len, an);
            return NULL;
        }
        sb_add(o, "%c", q);
    }
}

/* The end of the construct starting at p that ends with term, or NULL. */
static const char *
skip_past(const char *p, const char *end, const char *term)
{
    size_t n = strlen(term);

    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, term, n) == 0)
            return p + n;
    return NULL;
}

int
svg_inline(const char *svg, size_t len, const char *prefix, const char *alt,
           struct sbuf *out, char *why, size_t why_len)
{
    const char *end = svg + len, *p = svg;
    struct sbuf o = {NULL, 0, 0};
    int root = 1;

    /* Whatever precedes the root: the XML declaration, comments. */
    while (p < end && !(starts_ci(p, end, "<svg") && p + 4 < end &&
                        (isspace((unsigned char)p[4]) || p[4] == '>')))
        p++;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    if (p >= end || end - p < 6 || memcmp(end - 6, "</svg>", 6) != 0) {
        snprintf(why, why_len, "not an SVG file (no <svg> ... </svg>)");
        return -1;
    }
    while (p < end) {
        const char *q;

        if (*p != '<') {
            q = memchr(p, '<', (size_t)(end - p));
            q = q ? q : end;
            sb_mem(&o, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (starts_ci(p, end, "<!--") || starts_ci(p, end, "<![CDATA[")) {
            q = skip_past(p, end, p[2] == '-' ? "-->" : "]]>");
            if (!q)
                break;
            sb_mem(&o, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (p + 1 < end && (p[1] == '?' || p[1] == '!')) {
            snprintf(why, why_len, "it has a declaration inside the chart");
            sb_release(&o);
            return -1;
        }
        if (starts_ci(p, end, "<title") &&
            (p + 6 < end && (p[6] == '>' || isspace((unsigned char)p[6])))) {
            /* Gnuplot's own title ("Gnuplot") gives way to the alt text. */
            q = skip_past(p, end, "</title>");
            if (!q)
                break;
            p = q;
            continue;
        }
        if (p + 1 < end && p[1] == '/') {
            q = memchr(p, '>', (size_t)(end - p));
            if (!q)
                break;
            sb_mem(&o, p, (size_t)(q + 1 - p));
            p = q + 1;
            continue;
        }
        q = rewrite_tag(p + 1, end, prefix, root, &o, why, why_len);
        if (!q) {
            sb_release(&o);
            return -1;
        }
        if (root) {
            sb_add(&o, "\n<title id=\"%s-title\">", prefix);
            sb_esc(&o, alt);
            sb_add(&o, "</title>");
            root = 0;
        }
        p = q;
    }
    if (p < end) {
        snprintf(why, why_len, "a comment, section or title is not closed");
        sb_release(&o);
        return -1;
    }
    sb_mem(out, o.buf ? o.buf : "", o.len);
    sb_release(&o);
    return 0;
}

/* --- words about the report's runs, shared by its sections ---------------- */

/* "1 Nov 2023" of an ISO date, or the text itself when it is not one. */
static void
day_words(const char *iso, char *buf, size_t len)
{
    static const char *const mon[12] = {"Jan", "Feb", "Mar", "Apr",
                                        "May", "Jun", "Jul", "Aug",
                                        "Sep", "Oct", "Nov", "Dec"};
    int32_t d;

    if (cal_parse(iso, &d) != 0) {
        snprintf(buf, len, "%s", iso);
        return;
    }
    snprintf(buf, len, "%d %s %d", atoi(iso + 8), mon[cal_month(d) - 1],
             cal_year(d));
}

void
rpt_dates_words(const char *from, const char *to, char *buf, size_t len)
{
    char a[32], b[32];

    day_words(from, a, sizeof(a));
    day_words(to, b, sizeof(b));
    snprintf(buf, len, "%s to %s", a, b);
}

/*
 * The headline period in words, "winter, 1 Nov 2023 to 31 Mar 2024" or
 * "the whole run, 1 Apr 2023 to 31 Mar 2024"; *name gets its short name
 * for running text ("winter", "the whole run", "the period").
 */
void
rpt_period_words(const struct rpt_scn *s, char *buf, size_t len,
                 const char **name)
{
    char dates[80];

    for (size_t p = 0; p < s->n_periods; p++) {
        const struct rpt_period *pp = &s->periods[p];

        if (strcmp(pp->name, s->headline) != 0 || !*pp->from)
            continue;
        rpt_dates_words(pp->from, pp->to, dates, sizeof(dates));
        if (strchr(pp->name, ':')) {
            snprintf(buf, len, "%s", dates);
            *name = "the period";
        } else {
            snprintf(buf, len, "%s, %s", pp->name, dates);
            *name = pp->name;
        }
        return;
    }
    rpt_dates_words(s->start, s->end, dates, sizeof(dates));
    snprintf(buf, len, "the whole run, %s", dates);
    *name = "the whole run";
}

const struct kpi_def *
rpt_kpi(size_t k)
{
    size_t n;

    return &kpi_table(&n)[k];
}

/* The alternatives' titles, "A" or "A, B and C", as plain text (the
 * caller escapes it). */
void
rpt_alternatives(const struct rpt *r, struct sbuf *o)
{
    for (size_t i = 1; i < r->n_scn; i++)
        sb_add(o, "%s%s",
               i == 1              ? ""
               : i + 1 == r->n_scn ? " and "
                                   : ", ",
               r->scn[i].title);
}

/* A KPI's short label to run on in a sentence: "patients with ..." but
 * "ED attendances" and "G&A ...". */
void
rpt_label_in_text(const struct kpi_def *d, char *buf, size_t len)
{
    snprintf(buf, len, "%s", d->short_label);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && buf[1] >= 'a' && buf[1] <= 'z')
        buf[0] = (char)(buf[0] - 'A' + 'a');
}
