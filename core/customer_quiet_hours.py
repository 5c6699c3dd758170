"""A customer's messages wait out the quiet hours of the revisit policy (DOMAIN §3: one setting
for the calls and the messages): the composition module that hands the revisits' reader to the
notifications, which know no revisit. Imported for its installation by every process that queues
or delivers messages, through :mod:`core.subscribers` (the app and ``shouhou worker``).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.notifications.service import install_quiet_hours
from core.quiet_hours import QuietPeriod
from core.revisits.policy import load_policy


async def customer_quiet_hours(session: AsyncSession) -> list[QuietPeriod]:
    """The tenant's quiet hours as its revisit settings keep them (the defaults until saved)."""
    return (await load_policy(session)).periods


install_quiet_hours(customer_quiet_hours)
