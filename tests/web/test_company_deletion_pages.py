"""The company's deletion in the console: the admin confirms by typing the sign-in name on the
profile page; the company is suspended at once (every other page says why), and the admin can
cancel it from the same page."""

from __future__ import annotations

from tests.web.helpers import csrf_of


async def test_an_admin_schedules_and_cancels_the_deletion_in_the_console(client, make_tenant, page_login):
    tenant = await make_tenant()
    agent = await tenant.add_user("agent")
    await page_login(tenant.slug, tenant.admin_email)
    profile = f"/t/{tenant.slug}/admin/profile"
    page = await client.get(profile)
    assert page.status_code == 200 and "删除本公司" in page.text and "30" in page.text
    assert 'id="quotas"' in page.text and "每分钟请求数" in page.text  # the company's quotas, with their use

    wrong = await client.post(f"/t/{tenant.slug}/admin/deletion",
                              data={"_csrf_token": csrf_of(page.text), "confirm": "someone-else"})
    assert wrong.status_code == 422 and 'id="confirm-error"' in wrong.text
    assert (await tenant.get("/api/v1/tenant/deletion")).json()["scheduled"] is False

    done = await client.post(f"/t/{tenant.slug}/admin/deletion", follow_redirects=False,
                             data={"_csrf_token": csrf_of(page.text), "confirm": tenant.slug})
    assert done.status_code == 303 and done.headers["location"] == profile
    scheduled = await client.get(profile)
    assert scheduled.status_code == 200 and "取消删除" in scheduled.text and tenant.admin_email in scheduled.text
    locked = await client.get(f"/t/{tenant.slug}/customers")
    assert locked.status_code == 403 and "本公司正在删除" in locked.text

    assert (await tenant.client.get("/api/v1/customers", headers=agent.headers)).status_code == 403

    restored = await client.post(f"/t/{tenant.slug}/admin/deletion/cancel", follow_redirects=False,
                                 data={"_csrf_token": csrf_of(scheduled.text)})
    assert restored.status_code == 303
    assert (await client.get(f"/t/{tenant.slug}/customers")).status_code == 200
    assert (await tenant.get("/api/v1/tenant/deletion")).json()["scheduled"] is False
