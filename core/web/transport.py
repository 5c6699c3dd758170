"""Transport-damage claims without the API (运输损坏索赔, DOMAIN §12): the claims by status, a
form to open one for a customer, and each claim filed with the carrier, then settled or rejected —
the same service as ``/api/v1/transport-claims``."""

from __future__ import annotations

from collections.abc import Awaitable
from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import DESK, STAFF
from core.transport import service
from core.transport.schemas import ClaimCreate, ClaimFile, ClaimReject, ClaimSettle
from core.web.charge_form import fen_from_form
from core.web.customer_names import listed_customers
from core.web.forms import INVALID, REQUIRED, FormState, convert, customer_form, read_form, uuid_or_none
from core.web.pages import TenantPages, save_form, tenant_page
from core.web.security import page_role
from tenants.context import TenantContext

DESK_ONLY = [page_role(*DESK)]
STATUSES = ("open", "filed", "settled", "rejected")


def _fen(values: dict[str, str], name: str, state: FormState) -> int | None:
    """An amount typed in yuan, as fen (an error beside ``name`` when it is not one)."""
    raw = values.get(name, "").strip()
    if not raw:
        return None
    try:
        return fen_from_form(raw)
    except ValueError as exc:
        state.errors[name] = str(exc)
        return None



class TransportPages(TenantPages, section="/transport-claims", roles=STAFF):
    """``/t/{slug}/transport-claims``"""

    @get("/")
    async def index(self, request: Request, db: AsyncSession, ctx: TenantContext, status: str = "",
                    cursor: str | None = None, customer_id: UUID | None = None) -> Response:
        """The claims (by status), and the form to open one for the customer whose page led here."""
        form = customer_form(customer_id)
        return await self._page(request, db, ctx, form, status=status, cursor=cursor)

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, status: str = "", cursor: str | None = None) -> Response:
        rows, next_cursor = await service.claim_page(db, status=status if status in STATUSES else None,
                                                     customer_id=None, limit=50, cursor=cursor)
        customers, customer = await listed_customers(db, [c.customer_id for c in rows],
                                                     uuid_or_none(form.values.get("customer_id")))
        staff = await auth_service.active_staff(db, STAFF)
        return tenant_page(request, ctx, "transport/index.html", status_code=status_code, claims=rows,
                           next_cursor=next_cursor, customers=customers, names={u.id: u.name for u in staff},
                           staff=staff, form=form, status=status, statuses=STATUSES, customer=customer)

    @post("/", guards=DESK_ONLY)
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Open a claim for a customer; the list follows."""
        values = await read_form(request)
        state = FormState(values=values)
        fields = {k: values.get(k, "").strip() for k in ("customer_id", "carrier", "waybill_no", "kind", "description",
                                                       "logistics_id")}
        claimed = _fen(values, "claimed", state)
        data = convert({**fields, **({"claimed_fen": claimed} if claimed is not None else {})}, ClaimCreate, state)
        command = service.open_claim(db, request.user, data) if data is not None and state.ok else None
        return await self._saved(request, db, ctx, state, command)

    @post("/{claim_id:uuid}/{step:str}", guards=DESK_ONLY)
    async def step(self, request: Request, db: AsyncSession, ctx: TenantContext, claim_id: UUID, step: str) -> Response:
        """File, settle or reject a claim (only from the step before it)."""
        values = await read_form(request)
        state = FormState(values=values)

        async def take_step() -> None:
            if step == "file":
                await service.file_claim(db, ctx, claim_id, ClaimFile())
            elif step == "settle":
                settled = _fen(values, "settled", state)
                if settled is None:
                    state.errors.setdefault("settled", REQUIRED)
                else:
                    await service.settle(db, claim_id, ClaimSettle(settled_fen=settled,
                                                                   result=values.get("result") or None))
            elif step == "reject":
                data = convert({"result": values.get("result", "").strip()}, ClaimReject, state)
                if data is not None:
                    await service.reject(db, claim_id, data)
            else:
                state.errors[""] = INVALID

        return await self._saved(request, db, ctx, state, take_step(), passthrough=(404,))

    async def _saved(self, request: Request, db: AsyncSession, ctx: TenantContext, state: FormState,
                     command: Awaitable | None, passthrough: tuple[int, ...] = ()) -> Response:
        """Back to the list, or the list again with the form's errors."""
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/transport-claims/",
                               passthrough=passthrough,
                               again=lambda state: self._page(request, db, ctx, state, status_code=422))
