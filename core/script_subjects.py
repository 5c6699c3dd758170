"""The subjects a call script can be rendered about and the context that reads each: the
composition module that knows the contexts, imported for its installation by every process that
renders scripts (the app: the scripts API and the revisit pages). Importing it installs
:data:`SUBJECT_LOADERS` in :mod:`core.scripts.variables`, which knows no ticket or revisit.
"""

from __future__ import annotations

from core.revisits.script_variables import revisit_variables
from core.scripts.variables import Loader, customer_variables, install_subject_loaders
from core.tickets.script_variables import ticket_variables

#: Render parameter -> the loader of the variables it brings, in the order they are merged (a
#: later subject's groups replace an earlier one's: a ticket's customer over ``customer_id``'s).
SUBJECT_LOADERS: dict[str, Loader] = {
    "customer_id": customer_variables,
    "ticket_id": ticket_variables,
    "revisit_id": revisit_variables,
}

install_subject_loaders(SUBJECT_LOADERS)
