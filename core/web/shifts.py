"""The shift hand-over page (交接班, DOMAIN §11): the latest notes with their open questions, the
form writing the next one, and the buttons acknowledging a note and resolving a question. Notes are
secret records (DOMAIN §5): a role the tenant refuses gets the 403 page."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from sqlalchemy.ext.asyncio import AsyncSession

from core.auth import service as auth_service
from core.auth.guards import STAFF
from core.i18n.translate import N_
from core.shifts import queries, service
from core.shifts.schemas import SHIFTS, HandoverCreate
from core.web.forms import FormState, convert, read_form
from core.web.pages import TenantPages, alert, first_reason, run_action, save_form, tenant_page
from tenants.context import TenantContext

#: The page shows this many notes, newest first (the API pages through all of them).
PAGE_SIZE = 20
SHIFT_LABELS = {"morning": N_("Morning shift"), "afternoon": N_("Afternoon shift"), "night": N_("Night shift")}
SOURCE_LABELS = {"written": N_("Written"), "ticket": N_("Open ticket"), "carried": N_("Carried over")}
#: The shift service's messages shown beside the form or as the page's alert, marked to be translated.
SERVICE_MESSAGES = (
    N_("must not be blank"), N_("no such ticket in this tenant"), N_("already acknowledged"),
    N_("the next shift acknowledges, not the writer"), N_("already resolved"),
)


def questions_of(text: str) -> list[dict[str, str]]:
    """The open questions typed in the form, one per non-empty line."""
    return [{"question": line.strip()} for line in text.splitlines() if line.strip()]


class ShiftPages(TenantPages, section="/shifts", roles=STAFF):
    """``/t/{slug}/shifts``: for staff whose role may read secret records."""

    @get("/")
    async def notes(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """The latest notes with their open questions, and the form for the next note."""
        return await self._page(request, db, ctx, FormState(values={"shift": "morning"}))

    async def _page(self, request: Request, db: AsyncSession, ctx: TenantContext, form: FormState,
                    status_code: int = 200, alert: FormState | None = None) -> Response:
        notes, next_cursor = await queries.note_page(db, request.user, limit=PAGE_SIZE,
                                                     cursor=request.query_params.get("cursor"))
        names = await auth_service.names_of(db, [n.written_by for n, _ in notes] + [n.acknowledged_by for n, _ in notes])
        return tenant_page(
            request, ctx, "shifts/notes.html", status_code=status_code, notes=notes, next_cursor=next_cursor,
            names=names, form=form, alert=alert or FormState(), shifts=SHIFTS, shift_labels=SHIFT_LABELS,
            source_labels=SOURCE_LABELS,
        )

    @post("/")
    async def write(self, request: Request, db: AsyncSession, ctx: TenantContext) -> Response:
        """Write the note; the writer's open tickets and the unresolved questions are carried."""
        values = await read_form(request)
        state = FormState(values=values)
        body = {"shift": values.get("shift", ""), "summary": values.get("summary", ""),
                "items": questions_of(values.get("questions", ""))}
        data = convert(body, HandoverCreate, state)
        command = service.write(db, ctx, request.user, data) if data is not None else None
        return await save_form(db, ctx, state, command, to=f"/t/{ctx.tenant.slug}/shifts/", passthrough=(403,),
                               again=lambda state: self._page(request, db, ctx, state.gather("items", "questions"), 422))

    @post("/{note_id:uuid}/acknowledge")
    async def acknowledge(self, request: Request, db: AsyncSession, ctx: TenantContext, note_id: UUID) -> Response:
        """The next shift takes the note over (not its writer, only once)."""
        return await self._act(request, db, ctx, lambda: service.acknowledge(db, request.user, note_id))

    @post("/{note_id:uuid}/items/{item_id:uuid}/resolve")
    async def resolve(self, request: Request, db: AsyncSession, ctx: TenantContext, note_id: UUID,
                      item_id: UUID) -> Response:
        """Mark an open question answered."""
        return await self._act(request, db, ctx, lambda: service.resolve_item(db, request.user, note_id, item_id))

    async def _act(self, request: Request, db: AsyncSession, ctx: TenantContext, action) -> Response:
        return await run_action(
            db, ctx, action(), to=f"/t/{ctx.tenant.slug}/shifts/", passthrough=(403, 404),
            again=lambda exc: self._page(request, db, ctx, FormState(values={"shift": "morning"}), 409,
                                         alert(first_reason(exc))))


__all__ = ["ShiftPages"]
