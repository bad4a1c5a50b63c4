/*
 * Unit tests for the board report's text tools and the scenario's notes:
 * HTML escaping, the CSV parser, the SVG made safe to inline (ids made
 * unique, the title replaced, anything that could run or fetch refused),
 * and the notes the loader collects (wrappers, annotated objects, lists
 * named as --set names them, the file that wrote each, across extends).
 */
#include "../../sim/report_int.h"
#include "scenario_test.h"

/* --- escaping ------------------------------------------------------------- */

static void
test_escape(void **state)
{
    struct sbuf b = {NULL, 0, 0};
    char *s;

    (void)state;
    sb_esc(&b, "G&A <b> \"q\" 'a'");
    sb_add(&b, " %d%%", 5);
    s = sb_take(&b, NULL);
    assert_string_equal(s, "G&amp;A &lt;b&gt; &quot;q&quot; &#39;a&#39; 5%");
    free(s);
    s = sb_take(&b, NULL); /* left empty: an empty string */
    assert_string_equal(s, "");
    free(s);
}

/* --- CSV ------------------------------------------------------------------ */

static void
test_csv(void **state)
{
    const char text[] = "a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\n4,5\n\"\",,\n";
    struct csv c;
    char err[128];

    (void)state;
    assert_int_equal(csv_parse(text, strlen(text), &c, err, sizeof(err)), 0);
    assert_int_equal(c.n_rows, 4);
    assert_int_equal(c.n_cols, 3);
    assert_int_equal(csv_col(&c, "c"), 2);
    assert_int_equal(csv_col(&c, "d"), -1);
    assert_string_equal(c.row[1][1], "x, \"y\"\nz");
    assert_string_equal(c.row[1][2], "3");
    /* A short row is padded with empty fields. */
    assert_string_equal(c.row[2][1], "5");
    assert_string_equal(c.row[2][2], "");
    assert_string_equal(c.row[3][0], "");
    csv_release(&c);

    assert_int_equal(csv_parse("a,b\n1,2,3\n", 10, &c, err, sizeof(err)), -1);
    assert_string_equal(err, "line 2: 3 fields, the header has 2");
    assert_int_equal(csv_parse("a\n\"open\n", 9, &c, err, sizeof(err)), -1);
    assert_string_equal(err, "line 3: a quote is not closed");
}

/* --- SVG ------------------------------------------------------------------ */

static int
svg(const char *in, const char *alt, char **out, char *why, size_t why_len)
{
    struct sbuf b = {NULL, 0, 0};
    int rc = svg_inline(in, strlen(in), "fig3", alt, &b, why, why_len);

    *out = sb_take(&b, NULL);
    return rc;
}

static void
test_svg_rewrite(void **state)
{
    const char in[] =
        "<?xml version=\"1.0\"?>\n<svg width=\"10\" viewBox=\"0 0 10 10\">\n"
        "<title>Gnuplot</title>\n<desc>x</desc><!-- <script> in a comment -->"
        "<defs><path id='gpPt1' d='M0'/></defs>"
        "<g id=\"gnuplot_canvas\" fill=\"url(#textbox)\">"
        "<use xlink:href='#gpPt1' x='1'/><text>G&amp;A &lt; 92%</text></g>"
        "</svg>\n";
    char *out, why[128];

    (void)state;
    assert_int_equal(svg(in, "Chart of \"G&A\"", &out, why, sizeof(why)), 0);
    assert_string_equal(
        out, "<svg role=\"img\" aria-labelledby=\"fig3-title\" "
             "class=\"chart\" width=\"10\" viewBox=\"0 0 10 10\">\n"
             "<title id=\"fig3-title\">Chart of &quot;G&amp;A&quot;</title>\n"
             "\n<desc>x</desc><!-- <script> in a comment -->"
             "<defs><path id='fig3-gpPt1' d='M0'/></defs>"
             "<g id=\"fig3-gnuplot_canvas\" fill=\"url(#fig3-textbox)\">"
             "<use xlink:href='#fig3-gpPt1' x='1'/>"
             "<text>G&amp;A &lt; 92%</text></g></svg>");
    free(out);
}

static void
test_svg_refused(void **state)
{
    static const struct {
        const char *svg, *why;
    } bad[] = {
        {"<svg><script>x()</script></svg>", "it has a <script> element"},
        {"<svg onload=\"x()\"></svg>", "it has an event handler (onload)"},
        {"<svg><g ONclick='x'/></svg>", "it has an event handler (ONclick)"},
        {"<svg><use href=\"http://x/y#a\"/></svg>",
         "it links out of the file (href)"},
        {"<svg><use xlink:href='file:///etc/passwd'/></svg>",
         "it links out of the file (xlink:href)"},
        {"<svg><rect fill=\"url(http://x/y)\"/></svg>",
         "it refers out of the file (url() in fill)"},
        {"<svg><foreignObject/></svg>", "it has a <foreignobject> element"},
        {"<svg><style>@import 'x';</style></svg>", "it has a <style> element"},
        {"<svg><image href='#a'/></svg>", "it has a <image> element"},
        {"<svg><!DOCTYPE x></svg>", "it has a declaration inside the chart"},
        {"<svg><g a=b></g></svg>", "an attribute value is not quoted"},
        {"<svg><g a='b></svg>", "an attribute value is not closed"},
        {"<svg></svg", "not an SVG file (no <svg> ... </svg>)"},
        {"<html></html>", "not an SVG file (no <svg> ... </svg>)"},
        {"<svg><!-- open </svg>", "a comment, section or title is not closed"},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *out, why[128] = "";

        assert_int_equal(svg(bad[i].svg, "alt", &out, why, sizeof(why)), -1);
        assert_string_equal(why, bad[i].why);
        assert_string_equal(out, ""); /* nothing of it is kept */
        free(out);
    }
}

/* --- the scenario's notes ------------------------------------------------- */

static const struct scn_note *
note(const struct scenario *s, const char *key, const char *kind)
{
    for (size_t i = 0; i < s->n_notes; i++)
        if (strcmp(s->notes[i].key, key) == 0 &&
            strcmp(s->notes[i].kind, kind) == 0)
            return &s->notes[i];
    print_error("no %s note on %s\n", kind, key);
    fail();
    return NULL;
}

static void
test_notes(void **state)
{
    char base[64], top[64], doc[1024];
    struct scenario s;
    struct scn_errors err;
    const struct scn_note *n;

    (void)state;
    write_json(BASE ", 'description': 'base', "
                    "'beds': {'ga': {'capacity': {'value': 300, 'source': "
                    "'S1'}, 'schedule': [{'from': '2023-05-01', 'capacity': "
                    "310, 'assumption': 'A2', 'note': 'N3'}]}}, "
                    "'virtual_wards': {'beds': {'value': 20, 'assumption': "
                    "'A4'}}, 'targets': [{'kpi': 'ga_occupancy', 'value': "
                    "0.9, 'at_most': true, 'source': 'S5'}]}",
               base, sizeof(base));
    snprintf(doc, sizeof(doc),
             "{'extends': '%s', 'name': 'top', 'virtual_wards': {'beds': "
             "25}, 'beds': {'ga': {'capacity': {'value': 320, 'source': "
             "'S6'}}}, 'periods': [{'name': 'w', 'from': '2023-05-01', "
             "'to': '2023-05-31', 'note': 'N7'}]}",
             strrchr(base, '/') + 1);
    write_json(doc, top, sizeof(top));
    if (scn_load(top, &s, &err) != 0) {
        print_error("%s\n", err.msg[0]);
        fail();
    }
    /* A wrapper's note is about its value; the top file's wins. */
    n = note(&s, "beds.ga.capacity", "source");
    assert_string_equal(n->value, "320");
    assert_string_equal(n->text, "S6");
    assert_string_equal(n->file, top);
    /* An annotated object: its members in words, each of its notes. */
    n = note(&s, "beds.ga.schedule[0]", "assumption");
    assert_string_equal(n->value, "from 2023-05-01, capacity 310");
    assert_string_equal(n->file, base);
    assert_string_equal(note(&s, "beds.ga.schedule[0]", "note")->text, "N3");
    /* A target has a key "value" among others: not a wrapper. */
    n = note(&s, "targets[0]", "source");
    assert_string_equal(n->value, "kpi ga_occupancy, value 0.9, at_most true");
    /* A list element with a name is named by it, as --set names it. */
    assert_string_equal(note(&s, "periods[w]", "note")->value,
                        "name w, from 2023-05-01, to 2023-05-31");
    /* A plain value over a sourced one drops the note. */
    for (size_t i = 0; i < s.n_notes; i++)
        assert_string_not_equal(s.notes[i].key, "virtual_wards.beds");
    assert_int_equal(s.n_notes, 5);
    scn_release(&s);
    unlink(top);
    unlink(base);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),      cmocka_unit_test(test_csv),
        cmocka_unit_test(test_svg_rewrite), cmocka_unit_test(test_svg_refused),
        cmocka_unit_test(test_notes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
