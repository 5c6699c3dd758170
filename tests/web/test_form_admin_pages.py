"""The forms page: every form in use shown as the desk fills it, and a company form built field by
field without the API (labels in both languages, a choice with its options, required fields), with
every mistake beside its input; a changed form is a new version; the desk then fills it at intake.
Admins build; managers look; another company sees nothing of it."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of, field_error, input_value


def builder(token: str, **fields: str) -> dict[str, str]:
    return {"_csrf_token": token, "name": "site_survey", "title_zh_Hans": "现场勘查表", "title_en": "Site survey",
            "kind.installation": "on", **fields}


async def test_an_admin_builds_a_form_the_desk_then_fills_at_intake(client, make_tenant, page_login):
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant()
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/admin/forms"
    index = await client.get(f"{base}/")
    assert index.status_code == 200 and "lighting.return_to_factory" in index.text  # the plugin's forms
    token = csrf_of(index.text)

    bad = await client.post(f"{base}/", data=builder(
        token, **{"field.0.key": "Ceiling Height", "field.0.label_zh_Hans": "层高", "field.0.type": "number",
                  "field.1.key": "wall", "field.1.label_zh_Hans": "", "field.1.type": "choice",
                  "field.2.key": "wall", "field.2.label_zh_Hans": "墙面", "field.2.type": "text"}))
    assert bad.status_code == 422
    assert field_error(bad.text, "field.0.key") == "请使用小写字母、数字和 _（以字母开头）"
    assert field_error(bad.text, "field.1.label_zh_Hans") == "此项为必填"
    assert field_error(bad.text, "field.1.choices") == "请列出选项，每行一个"
    assert field_error(bad.text, "field.2.key") == "已有字段使用此标识"
    assert input_value(bad.text, "field.0.label_zh_Hans") == "层高"  # what was typed stays

    good = await client.post(f"{base}/", data=builder(
        token, **{"field.0.key": "ceiling_height", "field.0.label_zh_Hans": "层高（米）",
                  "field.0.label_en": "Ceiling height (m)", "field.0.type": "number", "field.0.required": "on",
                  "field.1.key": "wall", "field.1.label_zh_Hans": "墙面", "field.1.label_en": "Wall",
                  "field.1.type": "choice", "field.1.choices": "砖墙\n石膏板\n砖墙", "field.1.required": "on",
                  "field.4.key": "ladder", "field.4.label_zh_Hans": "需要梯子", "field.4.type": "yes_no"}))
    assert good.status_code == 200 and str(good.url).endswith("/tenant.site_survey?saved=1"), good.text
    assert "第 1 版" in good.text and "层高（米）" in good.text
    form = (await tenant.get("/api/v1/forms/tenant.site_survey")).json()
    assert form["version"] == 1 and form["schema"]["required"] == ["ceiling_height", "wall"]
    assert form["schema"]["properties"]["wall"]["enum"] == ["砖墙", "石膏板"]
    assert form["schema"]["properties"]["ladder"]["type"] == "boolean"
    assert list(form["schema"]["properties"]) == ["ceiling_height", "wall", "ladder"]  # as written (jsonb reorders)
    assert "x-order" not in form["schema"]

    # The builder reads it back; changing a field makes version 2.
    assert input_value(good.text, "field.1.key") == "wall" and input_value(good.text, "field.2.key") == "ladder"
    changed = await client.post(f"{base}/", data=builder(
        token, **{"field.0.key": "ceiling_height", "field.0.label_zh_Hans": "层高（米）", "field.0.type": "integer",
                  "field.0.required": "on"}))
    assert "第 2 版" in changed.text
    assert (await tenant.get("/api/v1/forms/tenant.site_survey")).json()["version"] == 2

    # The desk fills it at intake for an installation; a missing required field is refused.
    customer = await tenant.customer(name="王女士")
    ticket = await tenant.post("/api/v1/tickets", json={
        "kind": "installation", "channel": "phone", "customer_id": customer["id"], "subject": "安装吸顶灯",
        "form": {"id": "tenant.site_survey", "data": {}}})
    assert ticket.status_code == 422 and "ceiling_height" in ticket.text
    ticket = await tenant.post("/api/v1/tickets", json={
        "kind": "installation", "channel": "phone", "customer_id": customer["id"], "subject": "安装吸顶灯",
        "form": {"id": "tenant.site_survey", "data": {"ceiling_height": 3}}})
    assert ticket.status_code == 201, ticket.text

    # Another company: no such form; a manager sees it but has no builder.
    await page_login(other.slug, other.admin_email)
    assert (await client.get(f"/t/{other.slug}/admin/forms/tenant.site_survey")).status_code == 404
    manager = await tenant.add_user("manager")
    await page_login(tenant.slug, manager.admin_email)
    seen = await client.get(f"{base}/tenant.site_survey")
    assert seen.status_code == 200 and "层高（米）" in seen.text and 'name="field.0.key"' not in seen.text
    refused = await client.post(f"{base}/", data=builder(csrf_of(seen.text)))
    assert refused.status_code == 403


async def test_console_and_api_answer_the_same_forms(client, make_tenant, page_login):
    """Issue 18: the page reads the API's list (core.forms.service.available_forms): the enabled
    plugins' forms and the company's own, by id; another company's form is on neither."""
    tenant, other = await make_tenant(plugins=("lighting",)), await make_tenant()
    schema = {"type": "object", "properties": {"note": {"type": "string"}}}
    for owner, name in ((tenant, "zz_last"), (tenant, "aa_first"), (tenant, "mm_middle"), (other, "theirs")):
        created = await owner.post("/api/v1/forms", json={"name": name, "title": {"zh_Hans": name}, "schema": schema})
        assert created.status_code == 201, created.text
    api = (await tenant.get("/api/v1/forms", params={"limit": 200})).json()
    ids = [f["id"] for f in api["items"]]
    assert api["next_cursor"] is None and ids == sorted(ids)
    assert {"tenant.aa_first", "tenant.mm_middle", "tenant.zz_last"} < set(ids) and len(ids) > 3  # with lighting's
    manager = await tenant.add_user("manager")
    await page_login(tenant.slug, manager.admin_email)
    page = await client.get(f"/t/{tenant.slug}/admin/forms/")
    assert page.status_code == 200
    assert re.findall(rf'<a href="/t/{tenant.slug}/admin/forms/([^"/]+)">', page.text) == ids
    assert "tenant.theirs" not in ids and "tenant.theirs" not in page.text
