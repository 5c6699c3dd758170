"""Call scripts without the API (issue: console for a real service-desk day, item 6; DOMAIN §4):
an admin writes and rewrites a company script from the console, the words to avoid
(「不知道」「我不能」「我不会」) are found as the text is typed and refused when saved, beside the
text's field, with nothing saved; managers read, agents may not."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error

PAGE = "/t/{slug}/admin/scripts/"


async def test_an_admin_writes_a_script_and_the_words_to_avoid_are_caught(client, make_tenant, page_login):
    tenant = await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    url = PAGE.format(slug=tenant.slug)
    page = await client.get(url)
    assert page.status_code == 200 and "当前话术" in page.text and "core." in page.text
    assert "<td>问候语</td>" in page.text and "<td>greeting</td>" not in page.text  # purposes by name
    token = csrf_of(page.text)

    live = await client.post(f"{url}lint", data={"_csrf_token": token, "locale": "zh_Hans",
                                                 "text_zh_Hans": "您好，这个我不知道。"}, headers={"HX-Request": "true"})
    assert live.status_code == 200 and "「不知道」" in live.text and "<html" not in live.text
    assert "婉转回答：说明您会查明后答复。" in live.text  # the advice in the reader's language
    clean = await client.post(f"{url}lint", data={"_csrf_token": token, "locale": "zh_Hans", "text_zh_Hans": "您好"})
    assert "没有忌用语" in clean.text

    body = {"_csrf_token": token, "name": "winter_greeting", "purpose": "greeting", "title_zh_Hans": "冬季问候",
            "text_zh_Hans": "您好，{{ customer_name }}，这个我不能处理。", "title_en": "", "text_en": ""}
    refused = await client.post(url, data=body)
    assert refused.status_code == 422
    assert field_error(refused.text, "text_zh_Hans").startswith("避免使用「我不能」（第1行")
    assert field_error(refused.text, "text_zh_Hans").endswith("改说您能做什么。")
    assert (await tenant.get("/api/v1/scripts/tenant.winter_greeting")).status_code == 404, "nothing saved"

    saved = await client.post(url, data={**body, "text_zh_Hans": "您好，{{ customer_name }}，天冷注意取暖。"},
                              follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"].endswith("/tenant.winter_greeting?saved=1")
    script = (await tenant.get("/api/v1/scripts/tenant.winter_greeting")).json()
    assert script["texts"]["zh_Hans"] == "您好，{{ customer_name }}，天冷注意取暖。" and script["purpose"] == "greeting"
    shown = await client.get(f"{url}tenant.winter_greeting")
    assert "天冷注意取暖" in shown.text and "改写" in shown.text


async def test_managers_read_scripts_agents_may_not_open_them(client, make_tenant, page_login):
    tenant = await make_tenant()
    manager, agent = await tenant.add_user("manager"), await tenant.add_user("agent")
    await page_login(tenant.slug, manager.admin_email)
    page = await client.get(PAGE.format(slug=tenant.slug))
    assert page.status_code == 200 and "编写本公司话术" not in page.text
    forged = await client.post(PAGE.format(slug=tenant.slug), data={"_csrf_token": csrf_of(page.text), "name": "x"})
    assert forged.status_code in (403, 422) and (await tenant.get("/api/v1/scripts/tenant.x")).status_code == 404
    assert (await client.get(PAGE.format(slug=tenant.slug) + "nope.script")).status_code == 404
    await page_login(tenant.slug, agent.admin_email)
    assert (await client.get(PAGE.format(slug=tenant.slug))).status_code == 403


async def test_console_and_api_answer_the_same_scripts(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.scripts.service.available_scripts): the core's,
    the enabled plugins' and the company's own scripts, by id; another company's is on neither."""
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant()
    for owner, name in ((tenant, "zz_last"), (tenant, "aa_first"), (tenant, "mm_middle"), (other, "theirs")):
        created = await owner.post("/api/v1/scripts", json={
            "name": name, "title": {"zh_Hans": name}, "texts": {"zh_Hans": "您好，{{ customer_name }}。"}})
        assert created.status_code == 201, created.text
    api = (await tenant.get("/api/v1/scripts", params={"limit": 200})).json()
    ids = [s["id"] for s in api["items"]]
    assert api["next_cursor"] is None and ids == sorted(ids)
    assert {"tenant.aa_first", "tenant.mm_middle", "tenant.zz_last"} < set(ids)
    assert any(i.startswith("core.") for i in ids) and any(i.startswith("lighting.") for i in ids)
    manager = await tenant.add_user("manager")
    await page_login(tenant.slug, manager.admin_email)
    page = await client.get(PAGE.format(slug=tenant.slug))
    assert page.status_code == 200
    assert re.findall(rf'<a href="/t/{tenant.slug}/admin/scripts/([^"/]+)">', page.text) == ids
    assert "tenant.theirs" not in ids and "tenant.theirs" not in page.text
