"""An htmx request that fails is answered where the user is looking: a short message swapped into
the element that asked (base.html's htmx-config swaps 4xx and 5xx answers), and a session that
ended while the page stayed open takes the whole window to the login page and back."""

from __future__ import annotations

import re
import uuid

from core.testing import PASSWORD
from tests.web.test_browser import signup

HX = {"HX-Request": "true"}


async def test_an_htmx_request_for_something_missing_gets_a_fragment_not_a_page(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    missing = f"/t/{tenant.slug}/tickets/{uuid.uuid4()}"
    fragment = await client.get(missing, headers=HX)
    assert fragment.status_code == 404
    assert "<html" not in fragment.text and 'role="alert"' in fragment.text and "页面不存在" in fragment.text
    page = await client.get(missing)
    assert page.status_code == 404 and "<html" in page.text  # without htmx: the whole error page


async def test_a_session_that_ended_sends_htmx_to_the_login_page_of_the_page_it_was_on(client, make_tenant):
    tenant = await make_tenant()
    page = f"http://testserver/t/{tenant.slug}/tickets/new"
    answer = await client.get(f"/t/{tenant.slug}/tickets/customers", params={"q": "王"},
                              headers={**HX, "HX-Current-URL": page})
    assert answer.status_code == 204
    assert answer.headers["hx-redirect"] == f"/login?next=/t/{tenant.slug}/tickets/new"
    foreign = await client.get(f"/t/{tenant.slug}/tickets/customers", headers={**HX, "HX-Current-URL": "https://evil.example/x"})
    assert foreign.headers["hx-redirect"] == f"/login?next=/t/{tenant.slug}/tickets/customers"


async def test_typing_after_the_session_ended_goes_to_login_and_back(page, live_server):
    base, slug = live_server, f"hx-{uuid.uuid4().hex[:8]}"
    await signup(page, base, slug)
    await page.goto(f"{base}/t/{slug}/tickets/new")
    await page.context.clear_cookies()  # the session ended (logged out elsewhere, expired)
    await page.get_by_label("客户（姓名或电话）").fill("王")
    await page.wait_for_url(re.compile(r"/login\?next="))
    await page.get_by_label("企业网址标识").fill(slug)
    await page.get_by_label("电子邮箱").fill(f"admin@{slug}.test")
    await page.get_by_label("密码").fill(PASSWORD)
    await page.get_by_role("button", name="登录").click()
    await page.wait_for_url(f"{base}/t/{slug}/tickets/new")
