"""The console's shared page flows, without a server: a posted form saved or shown again, a
button's refusal shown as the page's alert, the ``?month=`` a page asks for, and the declaration
of a group of tenant pages."""

from __future__ import annotations

from types import SimpleNamespace
from uuid import UUID

import pytest
from litestar import Response

from core.errors import Conflict, Invalid, NotFound
from core.web.forms import FormState, customer_form, month_asked
from core.web.pages import TenantPages, first_reason, run_action, save_form
from core.web.security import tenant_member


class FakeSession:
    """Records the rollback and the refresh of the tenant row that :func:`discard` does."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def rollback(self) -> None:
        self.calls.append("rollback")

    async def refresh(self, _row) -> None:
        self.calls.append("refresh")


CTX = SimpleNamespace(tenant=SimpleNamespace(slug="acme"))


async def shown_again(state: FormState) -> Response:
    return Response(content=repr(sorted(state.errors.items())), status_code=422)


async def saved(value):
    return value


async def refused(exc):
    raise exc


async def test_a_saved_form_redirects_to_its_page():
    db = FakeSession()
    response = await save_form(db, CTX, FormState(), saved(7), to=lambda n: f"/t/acme/things/{n}", again=shown_again)
    assert (response.status_code, response.url) == (303, "/t/acme/things/7")
    assert db.calls == []


async def test_a_form_that_failed_already_comes_back_without_calling_the_service():
    db, state = FakeSession(), FormState(errors={"name": "required"})
    response = await save_form(db, CTX, state, None, to="/t/acme/", again=shown_again)
    assert response.status_code == 422 and "required" in response.content
    assert db.calls == ["rollback", "refresh"]


async def test_a_refused_form_comes_back_with_the_errors_beside_their_fields():
    db, state = FakeSession(), FormState()
    response = await save_form(db, CTX, state, refused(Invalid("day", "is past")), to="/t/acme/", again=shown_again)
    assert response.status_code == 422 and state.errors == {"day": "is past"}
    assert db.calls == ["rollback", "refresh"]


async def test_errors_added_while_saving_show_the_form_again():
    state = FormState()

    async def step() -> None:
        state.errors["result"] = "required"

    response = await save_form(FakeSession(), CTX, state, step(), to="/t/acme/", again=shown_again)
    assert response.status_code == 422


async def test_a_passed_through_error_goes_to_the_error_page():
    with pytest.raises(NotFound):
        await save_form(FakeSession(), CTX, FormState(), refused(NotFound("no such thing")), to="/t/acme/",
                        again=shown_again, passthrough=(404,))


async def test_a_refused_button_shows_the_reason_with_its_status():
    db = FakeSession()

    async def again(exc) -> Response:
        return Response(content=first_reason(exc), status_code=exc.status_code)

    response = await run_action(db, CTX, refused(Conflict("already done")), to="/t/acme/", again=again)
    assert (response.status_code, response.content) == (409, "already done")
    assert db.calls == ["rollback", "refresh"]
    done = await run_action(FakeSession(), CTX, saved(None), to="/t/acme/#row", again=again)
    assert (done.status_code, done.url) == (303, "/t/acme/#row")


def test_the_month_asked_or_the_default_with_a_bad_month_beside_its_field():
    assert month_asked("", "2026-11")[::2] == ("2026-11", 200)
    assert month_asked("2026-03", "2026-11")[::2] == ("2026-03", 200)
    chosen, form, status = month_asked("2026-13", "2026-11")
    assert (chosen, status, form.values) == ("2026-11", 422, {"month": "2026-13"})
    assert "month" in form.errors


def test_tenant_pages_live_below_the_tenant_and_check_membership_and_role():
    class Things(TenantPages, section="/things", roles=("admin",)):
        pass

    class Home(TenantPages):
        pass

    assert Things.path == "/t/{tenant_slug:str}/things" and Home.path == "/t/{tenant_slug:str}"
    assert [guard.__name__ for guard in Things.guards] == ["page_role_admin"]
    assert Home.guards == [tenant_member]
    assert Things.include_in_schema is False


def test_errors_on_the_parts_of_a_value_are_gathered_beside_its_input():
    state = FormState(errors={"items[0].question": "blank", "items[1].question": "too long", "shift": "choose"})
    assert state.gather("items", "questions").errors == {"shift": "choose", "questions": "blank"}
    kept = FormState(errors={"questions": "first", "items[0].question": "blank"}).gather("items", "questions")
    assert kept.errors == {"questions": "first"}


def test_a_form_opened_from_a_customers_page_is_for_that_customer():
    customer_id = UUID("00000000-0000-0000-0000-000000000001")
    assert customer_form(None, channel="phone").values == {"channel": "phone"}
    assert customer_form(customer_id, channel="phone").values == {"channel": "phone", "customer_id": str(customer_id)}
