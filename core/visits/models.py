"""Residential projects, seasonal inspection campaigns with their visits, and New Year campaigns
with their contacts."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db.base import Base, TenantScoped, tenant_fk


class ResidentialProject(TenantScoped, Base):
    """A dwelling or project handed over to a customer (竣工验收交付使用, 001 篇2 二) on
    ``handover_date``, under warranty for ``warranty_months`` from that day. ``asset_id`` is the
    dwelling as the customer's asset: tickets about it are charged by the project's terms."""

    __tablename__ = "residential_projects"
    __table_args__ = (
        tenant_fk("customer_id", "customers"),
        tenant_fk("asset_id", "assets"),
        tenant_fk("owner_id", "users"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "asset_id"),
    )

    customer_id: Mapped[UUID]
    asset_id: Mapped[UUID | None]
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(500))
    handover_date: Mapped[date]
    warranty_months: Mapped[int]
    owner_id: Mapped[UUID | None]


class SeasonalCampaign(TenantScoped, Base):
    """The summer or winter inspection round of a year (夏天、冬季回访检修, 004 1.3): one visit per
    customer owning the product (an asset, of the type ``asset_type_prefix`` when given)."""

    __tablename__ = "seasonal_campaigns"
    __table_args__ = (
        tenant_fk("created_by", "users"),
        UniqueConstraint("tenant_id", "season", "year"),
        Index(None, "tenant_id", "last_day"),
    )

    season: Mapped[str] = mapped_column(String(10))
    year: Mapped[int]
    first_day: Mapped[date]
    last_day: Mapped[date]
    asset_type_prefix: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[UUID | None]


class InspectionVisit(TenantScoped, Base):
    """One customer's inspection visit of a season: assigned to a technician, then done with the
    findings (检修情况)."""

    __tablename__ = "inspection_visits"
    __table_args__ = (
        tenant_fk("campaign_id", "seasonal_campaigns", ondelete="CASCADE"),
        tenant_fk("customer_id", "customers"),
        tenant_fk("technician_id", "users"),
        tenant_fk("done_by", "users"),
        UniqueConstraint("tenant_id", "campaign_id", "customer_id"),
        Index(None, "tenant_id", "technician_id", "status"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "campaign_id", "id"),  # a season's visits, a page at a time
    )

    campaign_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    technician_id: Mapped[UUID | None]
    status: Mapped[str] = mapped_column(String(10), default="open")
    findings: Mapped[str | None] = mapped_column(Text)
    done_on: Mapped[date | None]
    done_by: Mapped[UUID | None]


class NewYearCampaign(TenantScoped, Base):
    """The December campaign of ``year`` (003 篇3 三: 每年12月向新老客户寄送新年礼物，并了解客户次年的
    需求计划): one contact per customer, new or old."""

    __tablename__ = "new_year_campaigns"
    __table_args__ = (tenant_fk("created_by", "users"), UniqueConstraint("tenant_id", "year"))

    year: Mapped[int]
    created_by: Mapped[UUID | None]


class NewYearContact(TenantScoped, Base):
    """A customer of the New Year campaign: whether new this year, the day the gift went out and the
    needs they stated for the next year (personal text: erased with the customer, PIPL)."""

    __tablename__ = "new_year_contacts"
    __table_args__ = (
        tenant_fk("campaign_id", "new_year_campaigns", ondelete="CASCADE"),
        tenant_fk("customer_id", "customers"),
        tenant_fk("recorded_by", "users"),
        UniqueConstraint("tenant_id", "campaign_id", "customer_id"),
        Index(None, "tenant_id", "customer_id"),
        Index(None, "tenant_id", "campaign_id", "id"),  # a campaign's contacts, a page at a time
    )

    campaign_id: Mapped[UUID]
    customer_id: Mapped[UUID]
    new_customer: Mapped[bool] = mapped_column(default=False)
    gift_sent_on: Mapped[date | None]
    needs: Mapped[str | None] = mapped_column(Text)
    recorded_at: Mapped[datetime | None]
    recorded_by: Mapped[UUID | None]
