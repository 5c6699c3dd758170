"""The weekly report page (DOMAIN §12, 003 篇3 四): a technician writes the week's report once
(every mistake beside its field) and sees it on time or late; a manager reads the team's and who
still owes one; another company sees nothing."""

from __future__ import annotations

from tests.web.helpers import csrf_of, field_error


async def test_a_technician_reports_and_the_manager_sees_who_owes_one(client, make_tenant, page_login):
    tenant, other = await make_tenant(), await make_tenant()
    li = await tenant.add_user("technician", name="李师傅")
    await tenant.add_user("technician", name="王师傅")
    await page_login(tenant.slug, li.admin_email)
    url = f"/t/{tenant.slug}/weekly-report/"
    page = await client.get(url)
    assert page.status_code == 200 and "提交周报" in page.text and "周五中午" in page.text
    assert 'href="/t/' + tenant.slug + '/weekly-report/"' in page.text  # in the technician's navigation
    token = csrf_of(page.text)
    empty = await client.post(url, data={"_csrf_token": token, "situations": "上门 12 次", "feedback": ""})
    assert empty.status_code == 422 and field_error(empty.text, "feedback")
    assert "上门 12 次" in empty.text  # what was typed stays
    sent = await client.post(url, data={"_csrf_token": token, "situations": "上门 12 次", "feedback": "客户满意"})
    assert sent.status_code == 200 and "已保存" in sent.text and "提交周报" not in sent.text
    assert "按时" in sent.text or "迟交" in sent.text

    await page_login(tenant.slug, tenant.admin_email)
    team = (await client.get(url)).text
    assert "团队周报" in team and "李师傅" in team and "客户满意" in team
    assert "尚未提交：</strong> 王师傅" in team
    await page_login(other.slug, other.admin_email)
    assert "客户满意" not in (await client.get(f"/t/{other.slug}/weekly-report/")).text


async def test_domain_5_the_teams_reports_are_shown_only_to_roles_that_may_read_secret_records(
        client, make_tenant, page_login):
    """Weekly reports are work diaries, secret records (DOMAIN §5): a manager whose role may not
    read them is refused the team's page; the technician still writes and reads their own."""
    tenant = await make_tenant()
    li, manager = await tenant.add_user("technician", name="李师傅"), await tenant.add_user("manager")
    sent = await li.post("/api/v1/weekly-reports", json={"situations": "上门 12 次", "feedback": "客户满意"})
    assert sent.status_code == 201, sent.text
    changed = await tenant.put("/api/v1/confidentiality/rules", json={"rules": {"secret": ["admin", "technician"]}})
    assert changed.status_code == 200, changed.text
    await page_login(tenant.slug, manager.admin_email)
    refused = await client.get(f"/t/{tenant.slug}/weekly-report/")
    assert refused.status_code == 403 and "客户满意" not in refused.text
    await page_login(tenant.slug, li.admin_email)
    own = await client.get(f"/t/{tenant.slug}/weekly-report/")
    assert own.status_code == 200 and "客户满意" in own.text
