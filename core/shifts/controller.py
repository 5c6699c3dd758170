"""HTTP: shift hand-over notes (交接班记录) and their open questions."""

from __future__ import annotations

from uuid import UUID

from litestar import Request, Response, get, post
from litestar.params import Parameter
from sqlalchemy.ext.asyncio import AsyncSession

from core import idempotency
from core.auth.guards import STAFF, requires_role
from core.auth.resource import ApiResource
from core.pagination import Page
from core.shifts import queries, service
from core.shifts.models import ShiftHandover, ShiftHandoverItem
from core.shifts.schemas import HandoverCreate, HandoverRead, ItemRead
from tenants.context import TenantContext


def item_read(item: ShiftHandoverItem) -> ItemRead:
    """The wire form of an item."""
    return ItemRead(
        id=item.id, position=item.position, ticket_id=item.ticket_id, question=item.question, source=item.source,
        carried_from_id=item.carried_from_id, resolved=item.resolved, resolved_at=item.resolved_at,
        resolved_by=item.resolved_by,
    )


def note_read(note: ShiftHandover, items: list[ShiftHandoverItem]) -> HandoverRead:
    """The wire form of a note with its items."""
    return HandoverRead(
        id=note.id, shift=note.shift, shift_date=note.shift_date, summary=note.summary, written_by=note.written_by,
        written_at=note.written_at, acknowledged_by=note.acknowledged_by, acknowledged_at=note.acknowledged_at,
        open_items=sum(not i.resolved for i in items), items=[item_read(i) for i in items],
    )


async def full_read(db: AsyncSession, note: ShiftHandover) -> HandoverRead:
    """A note with its items."""
    return note_read(note, (await queries.items_of(db, [note.id]))[note.id])


class ShiftHandoverController(ApiResource, path="/api/v1/shift-handovers", tag="shift hand-overs"):
    @post("/", guards=[requires_role(*STAFF)])
    async def create(self, request: Request, db: AsyncSession, ctx: TenantContext, data: HandoverCreate) -> Response:
        """Write a shift hand-over note (交接班记录); open tickets and unresolved questions are carried."""
        return await idempotency.create_once(
            db, request, lambda: service.write(db, ctx, request.user, data), lambda note: full_read(db, note),
        )

    @get("/")
    async def list_notes(
        self,
        request: Request,
        db: AsyncSession,
        limit: int | None = Parameter(default=None),
        cursor: str | None = Parameter(default=None),
    ) -> Page[HandoverRead]:
        """Shift hand-over notes, newest first (secret records: roles the tenant allows)."""
        notes, next_cursor = await queries.note_page(db, request.user, limit=limit, cursor=cursor)
        return Page(items=[note_read(n, items) for n, items in notes], next_cursor=next_cursor)

    @get("/{note_id:uuid}")
    async def read(self, request: Request, db: AsyncSession, note_id: UUID) -> HandoverRead:
        """One shift hand-over note with its open questions."""
        return await full_read(db, await queries.get_note(db, request.user, note_id))

    @post("/{note_id:uuid}/acknowledge", status_code=200, guards=[requires_role(*STAFF)])
    async def acknowledge(self, request: Request, db: AsyncSession, note_id: UUID) -> HandoverRead:
        """The next shift takes the note over; not its writer, and only once (409)."""
        return await full_read(db, await service.acknowledge(db, request.user, note_id))

    @post("/{note_id:uuid}/items/{item_id:uuid}/resolve", status_code=200, guards=[requires_role(*STAFF)])
    async def resolve(self, request: Request, db: AsyncSession, note_id: UUID, item_id: UUID) -> HandoverRead:
        """Mark an open question answered: it is not carried to the next note."""
        return await full_read(db, await service.resolve_item(db, request.user, note_id, item_id))
