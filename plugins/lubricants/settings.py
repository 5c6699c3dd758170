"""Tenant settings of the lubrication equipment plugin (DOMAIN §7, source 000).

Source 000 states no warranty period: the default is 12 months from commissioning (installation),
the "usually one year after the equipment is put into operation" of source 004 §2.3.1.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.sdk import setting_label

Months = Annotated[int, msgspec.Meta(ge=0, le=120)]
Hours = Annotated[int, msgspec.Meta(ge=1, le=24 * 30)]


class Settings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Warranty in calendar months from installation; the first revisit within
    ``install_revisit_months`` of installation; on-site response times in hours; whether the
    registration and feedback forms are required (``require_forms``)."""

    warranty_months: Annotated[Months, setting_label("保修期（月，自安装起）", "Warranty (months from installation)")] = 12
    install_revisit_months: Annotated[int, msgspec.Meta(ge=1, le=12), setting_label(
        "安装后首次回访期限（月）", "First revisit after installation (within months)")] = 1
    respond_in_province_hours: Annotated[Hours, setting_label(
        "省内上门响应时限（小时）", "On-site response in the province (hours)")] = 8
    respond_out_of_province_hours: Annotated[Hours, setting_label(
        "省外上门响应时限（小时）", "On-site response outside the province (hours)")] = 24
    #: 000: an on-site visit is dispatched only with the on-site service registration filled, and
    #: the customer accepts the work by signing and stamping the service feedback form. Off by
    #: default: switched on, dispatch and acceptance answer 409 (field ``form``) without them.
    require_forms: Annotated[bool, setting_label(
        "必须填写现场服务登记表和服务反馈表", "Require the on-site registration and feedback forms",
        hint_zh_hans="开启后，派工须有现场服务登记表，验收须客户签字并盖章",
        hint_en="When on, dispatch needs the registration form, acceptance a signature and stamp")] = False
