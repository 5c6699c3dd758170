"""Join the engine's contexts (tickets, complaints, revisits, forms and scripts, warranty) into
one line of history, so the next core migration has a single parent.

Revision ID: 0003_engine
Revises: 0002_complaints, 0002_forms_scripts, 0002_revisits, 0002_tickets, 0002_warranty
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0003_engine"
down_revision: str | Sequence[str] | None = (
    "0002_complaints",
    "0002_forms_scripts",
    "0002_revisits",
    "0002_tickets",
    "0002_warranty",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
