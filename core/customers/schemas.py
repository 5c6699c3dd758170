"""Wire types of customers and assets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import msgspec

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]


class ContactIn(msgspec.Struct):
    name: Name
    phone: str | None = None
    role: str | None = None


class ContactRead(msgspec.Struct):
    id: UUID
    name: str
    phone: str | None
    role: str | None


class CustomerEdit(msgspec.Struct):
    """A customer file's own fields, as created and as changed."""

    name: Name
    phone: str | None = None
    address: str | None = None
    province: str | None = None
    is_member: bool = False
    is_company: bool = False
    title: str | None = None


class CustomerCreate(CustomerEdit):
    contacts: list[ContactIn] = []


class CustomerRead(msgspec.Struct):
    id: UUID
    name: str
    phone: str | None
    address: str | None
    province: str | None
    is_member: bool
    is_company: bool
    title: str | None
    classification: str
    created_at: datetime
    contacts: list[ContactRead] = []
    #: When its personal information was erased (PIPL Art. 47); ``None`` for a live file.
    erased_at: datetime | None = None
    #: The id the file has in the system it was imported from.
    external_id: str | None = None


class AssetCreate(msgspec.Struct):
    customer_id: UUID
    type: str
    model: str | None = None
    serial: str | None = None
    purchase_date: date | None = None
    manufacture_date: date | None = None
    install_date: date | None = None
    attributes: dict[str, Any] = {}


class AssetRead(msgspec.Struct):
    id: UUID
    customer_id: UUID
    type: str
    model: str | None
    serial: str | None
    purchase_date: date | None
    manufacture_date: date | None
    install_date: date | None
    attributes: dict[str, Any]
    created_at: datetime
    #: The id the asset has in the system it was imported from.
    external_id: str | None = None


class AssetTypeRead(msgspec.Struct):
    name: str
    label: str
    labels: dict[str, str]
    attributes_schema: dict[str, Any]
