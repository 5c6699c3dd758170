"""Complaint pages: the board by step, recording a complaint, its step history and the one next
step as a form (DOMAIN §2: the eight steps in order, approval by managers), tenant isolation,
CSRF and roles."""

from __future__ import annotations

import re

from tests.web.helpers import csrf_of


def steps_offered(html: str) -> list[str]:
    return re.findall(r'name="step" value="(\w+)"', html)


def column(html: str, state: str) -> str:
    """The HTML of one board column."""
    match = re.search(rf'aria-labelledby="col-{state}">(.*?)</section>', html, re.S)
    assert match, state
    return match.group(1)


async def test_record_a_complaint_and_walk_its_steps(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent", name="张客服")
    customer = await tenant.customer(name="赵先生", phone="13900139000")
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/complaints"

    page = await client.get(f"{base}/new")
    assert page.status_code == 200 and 'for="f-description"' in page.text
    token = csrf_of(page.text)
    missing = await client.post(f"{base}/", data={"_csrf_token": token, "type": "service", "q": "赵",
                                                  "customer_id": customer["id"]})
    assert missing.status_code == 422 and 'id="description-error"' in missing.text
    assert "赵先生" in missing.text  # the chosen customer stays chosen
    created = await client.post(f"{base}/", data={
        "_csrf_token": token, "type": "service", "customer_id": customer["id"], "against_user_id": agent.admin_id,
        "description": "客服态度差", "demand": "道歉",
    })
    assert created.status_code == 200, created.text
    url = str(created.url)
    assert "赵先生" in created.text and "记录" in created.text  # step 1 in the history
    assert steps_offered(created.text) == ["classify"]

    board = await client.get(f"{base}/")
    assert "赵先生" in column(board.text, "recorded") and "赵先生" not in column(board.text, "closed")
    assert "服务" in board.text
    assert "赵先生" not in (await client.get(f"{base}/", params={"type": "quality"})).text

    async def step(name: str, **fields):
        response = await client.post(f"{url}/steps", data={"_csrf_token": token, "step": name, **fields})
        assert response.status_code == 200, response.text
        return response

    out_of_order = await client.post(f"{url}/steps", data={"_csrf_token": token, "step": "investigate",
                                                           "cause": "x"})
    assert out_of_order.status_code == 422 and 'role="alert"' in out_of_order.text
    no_choice = await client.post(f"{url}/steps", data={"_csrf_token": token, "step": "classify"})
    assert no_choice.status_code == 422 and 'id="valid-error"' in no_choice.text
    page = await step("classify", valid="true", reason="属实")
    assert steps_offered(page.text) == ["assign"] and "属实" in page.text
    await step("assign", department="客服部", person_id=agent.admin_id)
    page = await step("investigate", cause="未按话术接听")
    assert "未按话术接听" in page.text and steps_offered(page.text) == ["propose"]
    page = await step("propose", solution="上门致歉")
    assert steps_offered(page.text) == ["approve"]

    # Approval (批复) is for managers: an agent is not offered the form, and a forged post fails.
    await page_login(tenant.slug, agent.admin_email)
    as_agent = await client.get(url)
    assert steps_offered(as_agent.text) == []
    refused = await client.post(f"{url}/steps", data={"_csrf_token": csrf_of(as_agent.text), "step": "approve"})
    assert refused.status_code == 422 and 'role="alert"' in refused.text

    await page_login(tenant.slug, tenant.admin_email)
    token = csrf_of((await client.get(url)).text)
    for name, fields in (("approve", {}), ("notify", {"channel": "电话"}), ("penalise", {}),
                         ("improve", {"action": "话术培训"}), ("close", {})):
        page = await step(name, **fields)
    assert steps_offered(page.text) == [] and "已结案" in page.text
    board = await client.get(f"{base}/")
    assert "赵先生" in column(board.text, "closed")


async def test_a_complaint_that_does_not_stand_goes_to_the_rejected_column(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer(name="钱女士")
    complaint = (await tenant.post("/api/v1/complaints", json={
        "type": "quality", "customer_id": customer["id"], "description": "灯不亮"})).json()
    await tenant.post(f"/api/v1/complaints/{complaint['id']}/steps", json={"step": "classify", "valid": False,
                                                                           "reason": "使用不当"})
    await page_login(tenant.slug, tenant.admin_email)
    board = await client.get(f"/t/{tenant.slug}/complaints/")
    assert "钱女士" in column(board.text, "rejected")
    page = await client.get(f"/t/{tenant.slug}/complaints/{complaint['id']}")
    assert steps_offered(page.text) == ["close"] and "使用不当" in page.text


async def test_another_tenants_complaint_is_404(client, make_tenant, page_login):
    tenant_a, tenant_b = await make_tenant(), await make_tenant()
    customer = await tenant_b.customer(name="乙的客户")
    complaint = (await tenant_b.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer["id"], "description": "乙的投诉"})).json()
    await page_login(tenant_a.slug, tenant_a.admin_email)
    assert (await client.get(f"/t/{tenant_a.slug}/complaints/{complaint['id']}")).status_code == 404
    assert (await client.get(f"/t/{tenant_b.slug}/complaints/")).status_code == 404
    assert (await client.get(f"/t/{tenant_b.slug}/complaints/{complaint['id']}")).status_code == 404
    assert "乙的客户" not in (await client.get(f"/t/{tenant_a.slug}/complaints/")).text
    page = await client.get(f"/t/{tenant_a.slug}/complaints/new")
    forged = await client.post(f"/t/{tenant_a.slug}/complaints/{complaint['id']}/steps",
                               data={"_csrf_token": csrf_of(page.text), "step": "classify", "valid": "true"})
    assert forged.status_code == 404


async def test_posts_need_the_csrf_token_and_a_staff_role(client, make_tenant, page_login):
    tenant = await make_tenant()
    customer = await tenant.customer()
    viewer = await tenant.add_user("viewer")
    await page_login(tenant.slug, tenant.admin_email)
    no_token = await client.post(f"/t/{tenant.slug}/complaints/", data={
        "type": "service", "customer_id": customer["id"], "description": "无令牌"})
    assert no_token.status_code == 403
    await page_login(tenant.slug, viewer.admin_email)
    board = await client.get(f"/t/{tenant.slug}/complaints/")
    assert board.status_code == 200 and "/complaints/new" not in board.text
    assert (await client.get(f"/t/{tenant.slug}/complaints/new")).status_code == 403
    posted = await client.post(f"/t/{tenant.slug}/complaints/", data={
        "_csrf_token": csrf_of(board.text), "type": "service", "customer_id": customer["id"], "description": "查看者"})
    assert posted.status_code == 403


async def test_the_manager_complained_about_is_not_offered_the_approval(client, make_tenant, page_login):
    """DOMAIN §2: nobody approves the handling of a complaint against themselves; the page says
    another manager decides, and a forged post is refused beside the form."""
    tenant = await make_tenant()
    accused = await tenant.add_user("manager")
    customer = await tenant.customer(name="孙先生")
    complaint = (await tenant.post("/api/v1/complaints", json={
        "type": "service", "customer_id": customer["id"], "description": "态度差",
        "against_user_id": accused.admin_id})).json()
    for body in ({"step": "classify", "valid": True, "reason": "属实"}, {"step": "assign"},
                 {"step": "investigate", "cause": "态度"}, {"step": "propose", "solution": "致歉"}):
        assert (await tenant.post(f"/api/v1/complaints/{complaint['id']}/steps", json=body)).status_code == 200
    url = f"/t/{tenant.slug}/complaints/{complaint['id']}"
    await page_login(tenant.slug, accused.admin_email)
    page = await client.get(url)
    assert steps_offered(page.text) == [] and "这条投诉针对的是您" in page.text
    refused = await client.post(f"{url}/steps", data={"_csrf_token": csrf_of(page.text), "step": "approve"})
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    await page_login(tenant.slug, tenant.admin_email)
    assert steps_offered((await client.get(url)).text) == ["approve"]


async def test_the_board_counts_by_group_by_searches_and_pages_a_column(
    client, make_tenant, page_login, shouhou_app, monkeypatch
):
    """Every complaint is counted (one ``GROUP BY``, not rows loaded), the newest of each column
    shown, a column paged with a cursor; the search finds a customer or words of the complaint,
    only in the tenant."""
    from core.web import complaints as pages

    monkeypatch.setattr(pages, "COLUMN_LIMIT", 2)
    tenant, other = await make_tenant(), await make_tenant()
    zhao = await tenant.customer(name="赵先生", phone="13900139000")
    qian = await tenant.customer(name="钱女士", phone="13700137000", address="南京市鼓楼区")
    for n in range(5):
        created = await tenant.post("/api/v1/complaints", json={
            "type": "service", "customer_id": zhao["id"], "description": f"第{n}次投诉：上门迟到"})
        assert created.status_code == 201, created.text
    await tenant.post("/api/v1/complaints", json={"type": "quality", "customer_id": qian["id"],
                                                 "description": "吸顶灯漏电"})
    stranger = await other.customer(name="赵先生")
    await other.post("/api/v1/complaints", json={"type": "service", "customer_id": stranger["id"],
                                                "description": "上门迟到"})
    await page_login(tenant.slug, tenant.admin_email)
    base = f"/t/{tenant.slug}/complaints/"

    board = (await client.get(base)).text
    recorded = column(board, "recorded")
    assert '<span class="board-count">6</span>' in recorded
    assert len(re.findall(r'class="board-card"', recorded)) == 2  # the newest two of six
    assert "吸顶灯漏电" in recorded and "第4次投诉" in recorded and "第3次投诉" not in recorded
    assert "step=recorded" in recorded and "查看此步骤全部 6 条" in recorded

    seen = []
    url = f"{base}?step=recorded"
    while url:
        page = (await client.get(url)).text
        seen += re.findall(r"第(\d)次投诉", page)
        more = re.search(r'href="(/t/[^"]+cursor=[^"]+)">更早的投诉', page)
        url = more.group(1).replace("&amp;", "&") if more else None
    assert seen == ["4", "3", "2", "1", "0"]  # every one, newest first, two a page

    for term, expected in (("赵", 5), ("139 0013 9000", 5), ("漏电", 1), ("鼓楼", 1), ("上门迟到", 5), ("孙", 0)):
        found = (await client.get(base, params={"q": term})).text
        counted = re.findall(r'<span class="board-count">(\d+)</span>', found)
        assert sum(map(int, counted)) == expected, (term, counted)  # never the other tenant's
    too_long = await client.get(base, params={"q": "长" * 101})
    assert too_long.status_code == 422 and 'id="q-q-error"' in too_long.text


async def test_a_board_column_and_the_api_answer_the_same_complaints(client, make_tenant, page_login):
    """One read path (``core.complaints.queries``): a step's column on the board and the API's list
    with that step, type and search list the same complaints, newest first, only the tenant's; the
    API refuses an over-long search as the board does."""
    tenant, other = await make_tenant(), await make_tenant()
    zhao = await tenant.customer(name="赵先生", phone="13900139000")
    qian = await tenant.customer(name="钱女士", phone="13700137000", address="南京市鼓楼区")
    for who, kind, text in ((zhao, "service", "上门迟到"), (qian, "quality", "吸顶灯漏电"),
                            (zhao, "quality", "灯管闪烁"), (qian, "service", "客服态度差")):
        created = await tenant.post("/api/v1/complaints", json={"type": kind, "customer_id": who["id"],
                                                               "description": text})
        assert created.status_code == 201, created.text
    stranger = await other.customer(name="赵先生")
    await other.post("/api/v1/complaints", json={"type": "quality", "customer_id": stranger["id"],
                                                "description": "灯管闪烁"})
    await page_login(tenant.slug, tenant.admin_email)

    for query in ({}, {"type": "quality"}, {"q": "赵"}, {"q": "鼓楼", "type": "quality"}, {"q": "孙"}):
        page = await client.get(f"/t/{tenant.slug}/complaints/", params={**query, "step": "recorded"})
        assert page.status_code == 200
        on_board = re.findall(r'/complaints/([0-9a-f-]{36})"', column(page.text, "recorded"))
        listed = await tenant.get("/api/v1/complaints", params={**query, "step": "recorded"})
        assert listed.status_code == 200, listed.text
        assert on_board == [c["id"] for c in listed.json()["items"]], query
    assert len(on_board) == 0
    assert len((await tenant.get("/api/v1/complaints", params={"q": "赵"})).json()["items"]) == 2
    too_long = await tenant.get("/api/v1/complaints", params={"q": "长" * 101})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "q"
