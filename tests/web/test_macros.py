"""The shared page macros (templates/macros.html) and the page layout (templates/page.html)
render what the pages used to write by hand."""

from __future__ import annotations

from types import SimpleNamespace

from core.web.forms import FormState
from core.web.templating import environment

REQUEST = SimpleNamespace(url=SimpleNamespace(path="/t/acme/x", query=""))


def render(source: str, **context) -> str:
    """``source`` rendered in English with the macros imported as ``m``."""
    template = environment("en").from_string('{% import "macros.html" as m with context %}' + source)
    return template.render({"csrf_token": "tok", "slug": "acme", **context})


def squeeze(html: str) -> str:
    return " ".join(html.split()).replace("> <", "><")


def test_a_textarea_keeps_the_text_and_shows_its_hint_and_error_beside_it():
    form = FormState(values={"summary": "a <b>"}, errors={"summary": "Required."}, prefix="n-")
    html = squeeze(render('{{ m.textarea(form, "summary", "Summary", rows=4, required=True, hint="One a line",'
                          ' attrs={"maxlength": "50"}) }}', form=form))
    assert '<div class="field has-error">' in html
    assert '<label for="f-n-summary">Summary <span class="req" aria-hidden="true">*</span></label>' in html
    assert ('<textarea id="f-n-summary" name="summary" rows="4" maxlength="50" required'
            ' aria-describedby="n-summary-hint n-summary-error" aria-invalid="true">a &lt;b&gt;</textarea>') in html
    assert '<p class="hint" id="n-summary-hint">One a line</p>' in html
    assert '<p class="field-error" id="n-summary-error">Required.</p>' in html


def test_a_textarea_may_keep_an_older_element_id():
    html = squeeze(render('{{ m.textarea(form, "body", "Note", id="f-note-body") }}', form=FormState()))
    assert '<label for="f-note-body">Note</label>' in html and '<textarea id="f-note-body" name="body" rows="3">' in html


def test_a_person_select_lists_people_with_their_role_when_asked():
    people = [SimpleNamespace(id=1, name="Li", role="agent")]
    html = squeeze(render('{{ m.person_select(form, "owner_id", "Owner", people, with_role=True, blank="Nobody") }}',
                          form=FormState(values={"owner_id": "1"}), people=people))
    assert '<option value="">Nobody</option>' in html
    assert '<option value="1" selected>Li · Agent</option>' in html


def test_a_table_heads_its_columns_and_an_actions_column_for_screen_readers():
    html = squeeze(render('{% call m.table(["Name", "Role"], actions="Edit", wrap=True) %}<tr><td>Li</td></tr>{% endcall %}'))
    assert html == ('<div class="table-wrap"><table><thead><tr><th scope="col">Name</th><th scope="col">Role</th>'
                    '<th scope="col"><span class="visually-hidden">Edit</span></th></tr></thead>'
                    '<tbody><tr><td>Li</td></tr></tbody></table></div>')


def test_the_older_page_button_keeps_the_filter_and_is_absent_on_the_last_page():
    assert render('{{ m.older_page(None, "Older") }}').strip() == ""
    html = render('{{ m.older_page("c1", "Older", "status=" ~ status) }}', status="open")
    assert '<a class="button" href="?status=open&amp;cursor=c1">Older</a>' in html


def test_the_status_views_mark_the_current_one():
    html = squeeze(render('{% call(s) m.views("status", "open", ["open", "done"], "By status") %}{{ s|upper }}{% endcall %}'))
    assert '<nav class="views" aria-label="By status"><a href="?">All</a>' in html
    assert '<a href="?status=open" aria-current="page">OPEN</a><a href="?status=done">DONE</a>' in html


def test_the_customer_form_card_asks_for_a_customer_first():
    source = ('{% call m.customer_form(customer, "t", "Open", "/go", "Save", "Start from the customer.") %}'
              '<input name="x">{% endcall %}')
    assert '<p class="muted">Start from the customer.</p>' in render(source, customer=None)
    html = squeeze(render(source, customer=SimpleNamespace(id=7, name="Acme")))
    assert '<input type="hidden" name="customer_id" value="7"><p>For Acme</p><input name="x">' in html
    assert html.count("<form") == 1 and '<button type="submit" class="button primary">Save</button>' in html


def page(source: str) -> str:
    """A page extending page.html, rendered as an anonymous visitor would see it."""
    return squeeze(environment("en").from_string('{% extends "page.html" %}' + source).render(
        {"csrf_token": "tok", "request": REQUEST, "user": None}))


def test_the_page_heading_is_its_title_unless_it_says_otherwise():
    assert "<title>Faults · " in page('{% block title %}Faults{% endblock %}')
    assert '<h1>Faults</h1>' in page('{% block title %}Faults{% endblock %}{% block content %}<p>x</p>{% endblock %}')
    assert '<h1>Faults of May</h1>' in page('{% block title %}Faults{% endblock %}{% block heading %}Faults of May{% endblock %}')


def test_the_page_actions_stand_beside_the_heading_only_when_there_are_some():
    with_actions = page('{% block title %}Leave{% endblock %}{% block actions %}<a class="button" href="/r">Roster</a>{% endblock %}')
    assert '<div class="page-head"><h1>Leave</h1><a class="button" href="/r">Roster</a></div>' in with_actions
    hidden = page('{% block title %}Leave{% endblock %}{% block actions %}{% if false %}<a href="/r">Roster</a>{% endif %}{% endblock %}')
    assert "page-head" not in hidden and "<h1>Leave</h1>" in hidden


def test_the_older_page_button_may_name_its_cursor_and_where_the_page_opens():
    """A page with two lists pages each by its own cursor, keeping the other's (the leave page)."""
    html = render('{{ m.older_page("c2", "Next", "mine_cursor=c1", param="decide_cursor", anchor="decide") }}')
    assert '<a class="button" href="?mine_cursor=c1&amp;decide_cursor=c2#decide">Next</a>' in html


def test_a_table_without_rows_says_so_across_every_column():
    html = squeeze(render('{% call m.table(["Day", "Who"], actions="Edit", empty="Nobody") %}{% endcall %}'))
    assert '<tbody><tr><td colspan="3" class="muted">Nobody</td></tr></tbody>' in html
    rows = squeeze(render('{% call m.table(["Day"], empty="Nobody") %}<tr><td>1</td></tr>{% endcall %}'))
    assert "Nobody" not in rows and "<tbody><tr><td>1</td></tr></tbody>" in rows


def test_a_card_is_a_section_named_by_its_heading():
    html = squeeze(render('{% call m.card("t", "Title", class="narrow", id="c") %}<p>x</p>{% endcall %}'))
    assert html == '<section class="card narrow" id="c" aria-labelledby="t"><h2 id="t">Title</h2><p>x</p></section>'
    assert '<h1 id="t">Title</h1>' in render('{% call m.card("t", "Title", level=1) %}{% endcall %}')


def test_a_form_card_holds_one_form_with_its_error_its_token_and_its_button():
    form = FormState(errors={"": "Refused."})
    html = squeeze(render('{% call m.form_card("t", "Add", form, "/t/acme/x", "Save") %}<input name="a">{% endcall %}',
                          form=form))
    assert html.startswith('<section class="card" aria-labelledby="t"><h2 id="t">Add</h2>')
    assert "Refused." in html and '<form method="post" action="/t/acme/x" novalidate>' in html
    assert html.index('name="_csrf_token" value="tok"') < html.index('<input name="a">') < html.index(
        '<button type="submit" class="button primary">Save</button>')


def test_an_item_list_says_when_it_is_empty_and_links_to_more():
    html = squeeze(render('{% call(i) m.item_list(items, "None yet", more=("/all", "All")) %}{{ i }}{% endcall %}',
                          items=["a", "b"]))
    assert html == '<ul><li>a</li><li>b</li></ul><p class="small"><a href="/all">All</a></p>'
    assert squeeze(render('{% call(i) m.item_list([], "None yet") %}{{ i }}{% endcall %}')) == '<p class="muted">None yet</p>'


def test_a_kept_value_rides_along_with_a_form_only_when_there_is_one():
    """The page of a list a form was sent from comes back with it (a season's visits, my day)."""
    assert render('{{ m.kept("visits_cursor", None) }}').strip() == ""
    html = render('{{ m.kept("visits_cursor", cursor) }}', cursor='a"b')
    assert html.strip() == '<input type="hidden" name="visits_cursor" value="a&#34;b">'


def test_the_day_nav_offers_today_tomorrow_and_a_day_and_marks_the_one_shown():
    from datetime import date

    today, tomorrow = date(2026, 12, 8), date(2026, 12, 9)
    html = squeeze(render('{{ m.day_nav("/t/acme/my-day/", day, today, tomorrow, "On") }}', day=tomorrow,
                          today=today, tomorrow=tomorrow))
    assert ('<a href="/t/acme/my-day/">Today</a>'
            '<a href="/t/acme/my-day/?day=2026-12-09" aria-current="page">Tomorrow</a>') in html
    assert '<label for="f-day">On</label><input id="f-day" name="day" type="date" value="2026-12-09">' in html
