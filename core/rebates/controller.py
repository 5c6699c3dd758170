"""HTTP: agents (代理商), their transactions and rebate payments, and the monthly rebate statement
(DOMAIN §11, 003 交易返傭服務)."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, patch, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import DESK, MANAGERS, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page, check_limit
from core.rebates import service, statements
from core.rebates.models import RebateAgent, RebatePayment, RebateTransaction
from core.rebates.schemas import (
    AgentCreate,
    AgentRead,
    AgentUpdate,
    PaymentCreate,
    PaymentRead,
    StatementIssue,
    StatementRead,
    StatementSummary,
    TransactionCreate,
    TransactionRead,
)
from tenants.context import TenantContext

#: Who reads agents and statements: the desk and viewers (technicians do not).
READERS = (*DESK, "viewer")


def agent_read(agent: RebateAgent) -> AgentRead:
    return AgentRead(id=agent.id, name=agent.name, contact=agent.contact, rebate_percent=agent.rebate_percent,
                     active=agent.active, created_at=agent.created_at, updated_at=agent.updated_at)


def transaction_read(row: RebateTransaction) -> TransactionRead:
    return TransactionRead(id=row.id, agent_id=row.agent_id, occurred_on=row.occurred_on, amount_fen=row.amount_fen,
                           rebate_percent=row.rebate_percent, note=row.note, recorded_by=row.recorded_by,
                           created_at=row.created_at)


def payment_read(row: RebatePayment) -> PaymentRead:
    return PaymentRead(id=row.id, agent_id=row.agent_id, paid_on=row.paid_on, amount_fen=row.amount_fen,
                       note=row.note, recorded_by=row.recorded_by, created_at=row.created_at)


class RebateController(ApiResource, path="/api/v1/rebates", tag="rebates", guards=[requires_role(*READERS)]):
    @post("/agents", guards=[requires_role(*MANAGERS)])
    async def create_agent(self, request: Request, db: AsyncSession, data: AgentCreate) -> Response:
        """Add an agent (代理商) with its rebate percent (0–100, at most two decimals)."""
        return await idempotency.create_once(db, request, lambda: service.create_agent(db, data), agent_read)

    @get("/agents")
    async def list_agents(
        self,
        db: AsyncSession,
        active: bool | None = Parameter(default=None),
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[AgentRead]:
        """Agents, newest first, optionally only the active (or inactive) ones."""
        return Page.of(await service.agent_page(db, active, limit=limit, cursor=cursor), agent_read)

    @get("/agents/{agent_id:uuid}")
    async def read_agent(self, db: AsyncSession, agent_id: UUID) -> AgentRead:
        """One agent."""
        return agent_read(await service.get_agent(db, agent_id))

    @patch("/agents/{agent_id:uuid}", guards=[requires_role(*MANAGERS)])
    async def update_agent(self, db: AsyncSession, agent_id: UUID, data: AgentUpdate) -> AgentRead:
        """Change an agent's rebate percent (for business recorded from now on) or active flag."""
        return agent_read(await service.update_agent(db, agent_id, data))

    @post("/agents/{agent_id:uuid}/transactions", guards=[requires_role(*DESK)])
    async def record_transaction(
        self, request: Request, db: AsyncSession, ctx: TenantContext, agent_id: UUID, data: TransactionCreate
    ) -> Response:
        """Record business an agent brought (交易金额); refused in a month whose statement is issued."""
        return await idempotency.create_once(
            db, request,
            lambda: service.record_transaction(db, ctx.tenant, agent_id, data, request.user.user_id),
            transaction_read,
        )

    @post("/agents/{agent_id:uuid}/payments", guards=[requires_role(*MANAGERS)])
    async def record_payment(
        self, request: Request, db: AsyncSession, ctx: TenantContext, agent_id: UUID, data: PaymentCreate
    ) -> Response:
        """Record a rebate paid to an agent (实际返傭), at most what it is still owed."""
        return await idempotency.create_once(
            db, request,
            lambda: service.record_payment(db, ctx.tenant, agent_id, data, request.user.user_id),
            payment_read,
        )

    @get("/statements")
    async def list_statements(
        self,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None, description="the last month of the previous page"),
    ) -> Page[StatementSummary]:
        """Issued rebate statements, newest month first, each with whether it was on time."""
        items, next_cursor = await statements.issued_statements(db, check_limit(limit), cursor)
        return Page(items=items, next_cursor=next_cursor)

    @get("/statements/{month:str}")
    async def read_statement(self, db: AsyncSession, ctx: TenantContext, month: str) -> StatementRead:
        """The month's rebate statement per agent: live until issued, frozen once issued, due by the 6th."""
        return await statements.statement(db, ctx.tenant, month)

    @post("/statements", guards=[requires_role(*MANAGERS)])
    async def issue_statement(
        self, request: Request, db: AsyncSession, ctx: TenantContext, data: StatementIssue
    ) -> StatementRead:
        """Issue (freeze) the statement of a month that is over; on time when issued by the 6th."""
        return await statements.issue(db, ctx.tenant, data.month, request.user.user_id)
