"""Group robots (群机器人) of WeCom (企业微信) and DingTalk (钉钉): a text message to the group the
robot's webhook address belongs to.

Both take ``{"msgtype": "text", "text": {"content": "…"}}`` and answer ``{"errcode": 0,
"errmsg": "ok"}`` when they took it (HTTP 200 even on errors, so ``errcode`` decides). DingTalk
robots with 加签 security need ``timestamp`` (milliseconds) and ``sign`` =
``base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}"))`` in the query string.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from core.errors import Invalid
from core.notifications.channels.base import Message, Result
from core.notifications.channels.safe_http import check_url, post_json

#: WeCom and DingTalk cut text messages at 2048 and 20000 bytes; keep well inside both.
MAX_CONTENT_BYTES = 2000
#: Rate-limit and "busy" error codes: trying again later may work.
RETRY_CODES = {45009, 130101, -1}


def content_of(message: Message) -> str:
    """The subject (when there is one) and the body, cut to :data:`MAX_CONTENT_BYTES` UTF-8 bytes."""
    text = f"{message.subject}\n{message.body}" if message.subject else message.body
    raw = text.encode()
    if len(raw) <= MAX_CONTENT_BYTES:
        return text
    return raw[:MAX_CONTENT_BYTES].decode(errors="ignore")


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's 加签 signature of ``timestamp_ms`` with ``secret``, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


class _Robot:
    name = ""
    recipient = "group"
    secret_allowed = False

    def check_config(self, config: dict) -> dict:
        """``url`` (required: the robot's webhook address), and for DingTalk an optional signing
        ``secret`` (SEC…)."""
        allowed = {"url", "secret"} if self.secret_allowed else {"url"}
        unknown = set(config) - allowed
        if unknown:
            raise Invalid(f"channels.{self.name}.{sorted(unknown)[0]}", f"is not a setting of the {self.name} robot")
        out = {"url": check_url(config.get("url"), f"channels.{self.name}.url")}
        if self.secret_allowed:
            secret = config.get("secret") or ""
            if not isinstance(secret, str) or len(secret) > 200:
                raise Invalid(f"channels.{self.name}.secret", "must be text of at most 200 characters")
            out["secret"] = secret
        return out

    def address(self, config: dict) -> str:
        return config["url"]

    async def send(self, message: Message) -> Result:
        """Post the text to the robot; a non-zero ``errcode`` is a failure."""
        payload = {"msgtype": "text", "text": {"content": content_of(message)}}
        result, answer = await post_json(
            self.address(message.config), payload,
            allow_private=bool(getattr(message.settings, "notifications_allow_private_addresses", False)),
            timeout=message.timeout,
        )
        if not result.ok:
            return result
        code = (answer or {}).get("errcode")
        if code != 0:
            detail = f"errcode {code}: {(answer or {}).get('errmsg', 'no answer')}"[:300]
            return Result(ok=False, detail=detail, retry=code in RETRY_CODES)
        return Result(ok=True, detail="errcode 0")


class WeComRobotChannel(_Robot):
    """A WeCom group robot (``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``)."""

    name = "wecom"


class DingTalkRobotChannel(_Robot):
    """A DingTalk group robot (``https://oapi.dingtalk.com/robot/send?access_token=…``), signed
    when a secret is set."""

    name = "dingtalk"
    secret_allowed = True

    def address(self, config: dict) -> str:
        if not config.get("secret"):
            return config["url"]
        timestamp = int(time.time() * 1000)
        joiner = "&" if "?" in config["url"] else "?"
        return f"{config['url']}{joiner}timestamp={timestamp}&sign={dingtalk_sign(config['secret'], timestamp)}"
