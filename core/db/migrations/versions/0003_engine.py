"""Join the engine's contexts (tickets, complaints, revisits, forms and scripts, warranty) into
one line of history, so the next core migration has a single parent."""

from __future__ import annotations

revision = "0003_engine"
down_revision = (
    "0002_complaints",
    "0002_forms_scripts",
    "0002_revisits",
    "0002_tickets",
    "0002_warranty",
)


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
