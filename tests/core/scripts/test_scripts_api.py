"""DOMAIN §4 call scripts (话术): the core's standard scripts, the enabled plugins' and the
tenant's; rendering with variables in both locales, in a sandbox."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.hookspecs import hookimpl
from core.plugins import PluginInfo
from core.scripts.types import ScriptTemplate
from core.scripts.variables import Call, script_variables


class ScriptsPlugin:
    @hookimpl
    def shouhou_plugin_info(self):
        return PluginInfo(name="testscripts", version="1.0", title={"en": "t"}, description={"en": "t"})

    @hookimpl
    def shouhou_scripts(self):
        return [
            ScriptTemplate(
                id="testscripts.hello", title={"en": "Hello"}, texts={"zh_Hans": "你好{{ customer.name }}"},
                purpose="greeting",
            )
        ]


async def render(tenant, script_id: str, **body):
    return await tenant.post(f"/api/v1/scripts/{script_id}/render", json=body)


async def test_domain_4_standard_scripts_are_listed(make_tenant):
    tenant = await make_tenant()
    response = await tenant.get("/api/v1/scripts?limit=200")
    assert response.status_code == 200, response.text
    ids = {s["id"] for s in response.json()["items"]}
    assert {
        "core.greeting", "core.silent_line", "core.noisy_line", "core.closing",
        "core.revisit_opening_satisfied", "core.revisit_opening_unsatisfied",
        "core.revisit_closing_satisfied", "core.revisit_closing_unsatisfied", "core.follow_up", "core.on_site",
    } <= ids
    greeting = (await tenant.get("/api/v1/scripts/core.greeting")).json()
    assert greeting["texts"]["zh_Hans"] == "您好，{{ tenant.name }}，{{ agent.employee_no }}号为您服务"
    revisits = (await tenant.get("/api/v1/scripts?purpose=revisit")).json()["items"]
    assert revisits and all(s["purpose"] == "revisit" for s in revisits)


async def test_domain_4_greeting_renders_tenant_name_and_agent_number_in_both_locales(make_tenant):
    tenant = await make_tenant(company_name="山东标金")
    response = await tenant.post(
        "/api/v1/users",
        json={"email": "a@x.test", "name": "李娜", "role": "agent", "password": "correct-horse-battery",
              "employee_no": "8012"},
    )
    assert response.status_code == 201, response.text
    login = await tenant.client.post(
        "/api/v1/auth/login", json={"tenant": tenant.slug, "email": "a@x.test", "password": "correct-horse-battery"}
    )
    agent = type(tenant)(**{**tenant.__dict__, "token": login.json()["access_token"]})
    zh = await render(agent, "core.greeting")
    assert zh.status_code == 200, zh.text
    assert zh.json() == {"text": "您好，山东标金，8012号为您服务", "locale": "zh_Hans", "missing": []}
    en = await render(agent, "core.greeting", locale="en")
    assert en.json()["text"] == "Hello, 山东标金, agent 8012 at your service"
    on_site = await render(agent, "core.on_site")
    assert on_site.json()["text"] == "您好，我是山东标金售后服务人员李娜。"


async def test_domain_4_follow_up_call_with_customer_and_variables(make_tenant):
    tenant = await make_tenant(company_name="山东标金")
    customer = await tenant.customer(name="王芳", title="女士")
    variables = {"call_date": "3月5日", "ticket": {"subject": "灯管不亮"}, "result": "已为您更换灯管"}
    zh = await render(tenant, "core.follow_up", customer_id=customer["id"], variables=variables)
    assert zh.status_code == 200, zh.text
    text = zh.json()["text"]
    assert "请问您是王芳女士吗" in text
    assert "您曾在3月5日致电我们反映了灯管不亮的情况，关于这个问题我们已经有了跟进结果：已为您更换灯管。" in text
    assert zh.json()["missing"] == ["agent.employee_no"]  # the admin has no 工号: left blank
    assert "我的工号是____" in text
    en = await render(tenant, "core.follow_up", customer_id=customer["id"], variables=variables, locale="en")
    assert "Am I speaking with Ms. 王芳?" in en.json()["text"]
    closing = await render(tenant, "core.revisit_closing_unsatisfied", variables={"wish": "节日快乐"})
    assert closing.json()["text"].endswith("祝您节日快乐，再见！")
    default_wish = await render(tenant, "core.revisit_closing_satisfied", locale="en")
    assert default_wish.json()["text"].endswith("Have a good day, goodbye!")


async def test_a_call_about_a_ticket_or_a_revisit_has_their_variables(make_tenant):
    """The ticket's and the revisit's variables come from their contexts' loaders; a revisit that
    follows a ticket brings the ticket's too."""
    tenant = await make_tenant()
    customer = await tenant.customer(name="王芳", title="女士")
    ticket = (await tenant.post("/api/v1/tickets", json={
        "kind": "repair", "channel": "phone", "customer_id": customer["id"], "subject": "灯管不亮"})).json()
    revisit = (await tenant.post("/api/v1/revisits", json={
        "customer_id": customer["id"], "ticket_id": ticket["id"], "due_from": "2026-03-04",
        "due_by": "2026-03-06", "reason": "维修后回访"})).json()
    script = {"name": "about", "title": {"zh_Hans": "关于"}, "texts": {
        "zh_Hans": "{{ customer.name }}{{ customer.title }}｜{{ ticket.number }}｜{{ ticket.subject }}｜{{ revisit.reason }}"}}
    assert (await tenant.post("/api/v1/scripts", json=script)).status_code == 201
    about_ticket = await render(tenant, "tenant.about", ticket_id=ticket["id"])
    assert about_ticket.status_code == 200, about_ticket.text
    assert about_ticket.json()["text"] == f"王芳女士｜{ticket['number']}｜灯管不亮｜____"
    assert about_ticket.json()["missing"] == ["revisit"]
    about_revisit = (await render(tenant, "tenant.about", revisit_id=revisit["id"])).json()
    assert about_revisit["text"] == f"王芳女士｜{ticket['number']}｜灯管不亮｜维修后回访"


async def test_a_subject_no_loader_reads_fails_before_anything_is_read():
    call = Call(None, None, None, "zh_Hans")  # nothing is read: no session is needed
    with pytest.raises(LookupError, match="order_id"):
        await script_variables(call, {"order_id": uuid4(), "ticket_id": None}, {})


async def test_missing_variables_are_blanks_and_listed(make_tenant):
    tenant = await make_tenant()
    response = await render(tenant, "core.follow_up")
    assert response.status_code == 200
    assert {"customer", "ticket", "call_date", "result"} <= set(response.json()["missing"])


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ lipsum.__globals__ }}",
        "{{ 1 / 0 }}",
    ],
)
async def test_domain_4_sandbox_escape_is_a_422_never_a_500(make_tenant, text):
    tenant = await make_tenant()
    created = await tenant.post("/api/v1/scripts", json={"name": "evil", "title": {"en": "e"}, "texts": {"en": text}})
    assert created.status_code == 201, created.text
    response = await render(tenant, "tenant.evil", locale="en")
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "texts.en"


async def test_domain_4_tenant_script_with_a_banned_phrase_is_refused(make_tenant):
    tenant = await make_tenant()
    body = {"name": "reply", "title": {"zh_Hans": "答复"}, "texts": {"zh_Hans": "这个问题我不知道，\n我不能答复。"}}
    response = await tenant.post("/api/v1/scripts", json=body)
    assert response.status_code == 422
    assert "「不知道」" in response.json()["detail"] and "「我不能」" in response.json()["detail"]
    assert [e["field"] for e in response.json()["errors"]] == ["texts.zh_Hans", "texts.zh_Hans"]
    assert (await tenant.get("/api/v1/scripts/tenant.reply")).status_code == 404
    english = await tenant.post("/api/v1/scripts", json={**body, "texts": {"en": "I can't help."}})
    assert english.status_code == 422 and "I can't" in english.json()["detail"]


async def test_tenant_script_is_created_rewritten_and_rendered(make_tenant):
    tenant = await make_tenant(company_name="绿田园")
    body = {"name": "welcome", "title": {"zh_Hans": "欢迎"}, "texts": {"zh_Hans": "您好，欢迎来到{{ tenant.name }}"},
            "purpose": "greeting"}
    created = await tenant.post("/api/v1/scripts", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["id"] == "tenant.welcome" and created.json()["source"] == "tenant"
    rewritten = await tenant.post("/api/v1/scripts", json={**body, "texts": {"zh_Hans": "{{ tenant.name }}欢迎您"}})
    assert rewritten.status_code == 200
    text = (await render(tenant, "tenant.welcome", locale="en")).json()
    assert text == {"text": "绿田园欢迎您", "locale": "zh_Hans", "missing": []}  # only zh_Hans written


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "x", "title": {"en": "x"}, "texts": {"fr": "Bonjour"}}, "texts.fr"),
        ({"name": "x", "title": {"en": "x"}, "texts": {"en": "{% if %}"}}, "texts.en"),
        ({"name": "x", "title": {"en": "x"}, "texts": {}}, "texts"),
        ({"name": "X Y", "title": {"en": "x"}, "texts": {"en": "hi"}}, "name"),
    ],
)
async def test_invalid_tenant_scripts_are_refused(make_tenant, body, field):
    tenant = await make_tenant()
    response = await tenant.post("/api/v1/scripts", json=body)
    assert response.status_code in (400, 422), response.text
    assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.json()


async def test_render_errors(make_tenant, tenant_b):
    tenant = await make_tenant()
    assert (await render(tenant, "core.greeting", locale="fr")).status_code == 422
    assert (await render(tenant, "core.nope")).status_code == 404
    assert (await render(tenant, "core.greeting", variables=[1])).status_code in (400, 422)
    other = await tenant_b.customer()
    assert (await render(tenant, "core.closing_reply_pending", customer_id=other["id"])).status_code == 404
    assert (await render(tenant, "core.follow_up", ticket_id=str(uuid4()))).status_code == 404
    assert (await render(tenant, "core.greeting", revisit_id=str(uuid4()))).status_code == 404
    viewer = await tenant.add_user("viewer")
    assert (await render(viewer, "core.greeting")).status_code == 403
    agent = await tenant.add_user("agent")
    body = {"name": "x", "title": {"en": "x"}, "texts": {"en": "hi"}}
    assert (await agent.post("/api/v1/scripts", json=body)).status_code == 403


async def test_tenant_b_cannot_see_or_render_tenant_a_scripts(make_tenant):
    a, b = await make_tenant(), await make_tenant()
    body = {"name": "secret_offer", "title": {"en": "x"}, "texts": {"en": "hi"}}
    assert (await a.post("/api/v1/scripts", json=body)).status_code == 201
    assert "tenant.secret_offer" not in {s["id"] for s in (await b.get("/api/v1/scripts?limit=200")).json()["items"]}
    assert (await b.get("/api/v1/scripts/tenant.secret_offer")).status_code == 404
    assert (await render(b, "tenant.secret_offer")).status_code == 404


async def test_disabled_plugin_contributes_no_scripts(make_tenant, register_plugin):
    assert register_plugin(ScriptsPlugin(), "testscripts")
    without = await make_tenant()
    assert (await without.get("/api/v1/scripts/testscripts.hello")).status_code == 404
    with_plugin = await make_tenant(plugins=("testscripts",))
    customer = await with_plugin.customer(name="张三")
    response = await render(with_plugin, "testscripts.hello", customer_id=customer["id"])
    assert response.json()["text"] == "你好张三"
