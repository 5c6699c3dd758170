"""Password reset by an e-mailed one-time link, sent over SMTP to a real aiosmtpd on loopback:
expiring, single use, no account enumeration, every session ends."""

import asyncio
import email
import email.policy
import re
import uuid

from sqlalchemy import update

from core.testing import PASSWORD
from tests.web.helpers import csrf_of, post_form

NEW_PASSWORD = "reset-to-this-passphrase"
LINK = re.compile(r"https://console\.example/reset-password\?token=(\S+)")


def mail_app(make_app, port: int):
    return make_app(smtp_host="127.0.0.1", smtp_port=port, smtp_from="noreply@shouhou.test",
                    public_url="https://console.example/", reset_limit_per_source=1000)


async def next_mail(inbox, timeout: float = 10.0) -> tuple[list[str], email.message.Message]:
    for _ in range(int(timeout * 20)):
        if inbox.messages:
            to, raw = inbox.messages.pop(0)
            return to, email.message_from_bytes(raw, policy=email.policy.default)
        await asyncio.sleep(0.05)
    raise AssertionError("no mail arrived")


async def test_reset_by_e_mailed_link(make_app, from_address, smtp_server, tenant_a):
    port, inbox = smtp_server
    app = mail_app(make_app, port)
    http = from_address("192.0.2.50", app)
    asked = await http.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    assert asked.status_code == 202
    to, message = await next_mail(inbox)
    assert to == [tenant_a.admin_email]
    body = message.get_content()
    assert body.index("重置") < body.index("reset"), "Chinese first, English second"
    assert "重置" in message["Subject"] and "Reset" in message["Subject"]
    token = LINK.search(body).group(1)

    weak = await http.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": "1234567890"})
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    done = await http.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 204, done.text
    again = await http.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "token", "single use"

    assert (await tenant_a.get("/api/v1/users/me")).status_code == 401, "every session ended"
    login = {"tenant": tenant_a.slug, "email": tenant_a.admin_email}
    assert (await http.post("/api/v1/auth/login", json={**login, "password": PASSWORD})).status_code == 401
    assert (await http.post("/api/v1/auth/login", json={**login, "password": NEW_PASSWORD})).status_code == 200


async def test_unknown_accounts_get_the_same_answer_and_no_mail(make_app, from_address, smtp_server, tenant_a):
    port, inbox = smtp_server
    http = from_address("192.0.2.51", mail_app(make_app, port))
    known = await http.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    unknown = await http.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": "ghost@x.test"})
    no_tenant = await http.post("/api/v1/auth/password-reset", json={"tenant": "no-such-co", "email": "ghost@x.test"})
    assert known.status_code == unknown.status_code == no_tenant.status_code == 202
    assert known.json() == unknown.json() == no_tenant.json()
    await next_mail(inbox)
    await asyncio.sleep(0.5)
    assert inbox.messages == [], "only the known account got a mail"


async def test_without_smtp_the_answer_is_the_same(client, tenant_a):
    known = await client.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    unknown = await client.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": "nobody@x.test"})
    assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()


async def test_expired_and_foreign_links_are_refused(make_app, from_address, smtp_server, shouhou_sessions,
                                                     tenant_a, tenant_b):
    from core.auth.models import PasswordReset
    from core.db.base import utcnow
    from core.db.tenancy import bind_tenant

    port, inbox = smtp_server
    http = from_address("192.0.2.52", mail_app(make_app, port))
    await http.post("/api/v1/auth/password-reset", json={"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    _to, message = await next_mail(inbox)
    token = LINK.search(message.get_content()).group(1)

    foreign = f"{uuid.UUID(tenant_b.id).hex}.{token.split('.', 1)[1]}"
    refused = await http.post("/api/v1/auth/password-reset/confirm", json={"token": foreign, "password": NEW_PASSWORD})
    assert refused.status_code == 422, "another tenant's id never finds the link"
    garbage = await http.post("/api/v1/auth/password-reset/confirm", json={"token": "nonsense", "password": NEW_PASSWORD})
    assert garbage.status_code == 422 and garbage.json()["errors"][0]["field"] == "token"

    async with shouhou_sessions() as session:
        bind_tenant(session, uuid.UUID(tenant_a.id))
        await session.execute(update(PasswordReset).values(expires_at=utcnow()))
        await session.commit()
    expired = await http.post("/api/v1/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert expired.status_code == 422 and expired.json()["errors"][0]["field"] == "token"
    assert (await tenant_a.get("/api/v1/users/me")).status_code == 200, "nothing changed"


async def test_the_forgot_and_reset_pages(make_app, from_address, smtp_server, tenant_a):
    port, inbox = smtp_server
    http = from_address("192.0.2.53", mail_app(make_app, port))
    login_page = await http.get("/login")
    assert 'href="/forgot-password"' in login_page.text
    sent = await post_form(http, "/forgot-password", "/forgot-password",
                           {"tenant": tenant_a.slug, "email": tenant_a.admin_email})
    assert sent.status_code == 200 and 'role="status"' in sent.text
    ghost = await post_form(http, "/forgot-password", "/forgot-password", {"tenant": tenant_a.slug, "email": "g@x.test"})
    assert ghost.status_code == 200 and 'role="status"' in ghost.text, "the same page for an unknown e-mail"
    _to, message = await next_mail(inbox)
    token = LINK.search(message.get_content()).group(1)
    form = await http.get(f"/reset-password?token={token}")
    assert form.status_code == 200 and token in form.text
    done = await http.post("/reset-password", data={"_csrf_token": csrf_of(form.text), "token": token,
                                                    "password": NEW_PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/login?reset=1"
    reused = await http.post("/reset-password", data={"_csrf_token": csrf_of(form.text), "token": token,
                                                      "password": NEW_PASSWORD})
    assert reused.status_code == 422
