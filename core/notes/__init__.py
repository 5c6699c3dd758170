"""Internal notes on tickets: what staff tell each other about a case. Never shown to the
customer: no customer-facing message, survey or export includes them, and they are not ticket
events (so no webhook carries them)."""
