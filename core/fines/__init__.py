"""Staff fines (违规处罚, DOMAIN §12, 003 篇6 管理规定): breaches of the service rules, each fined
along a ladder like the complaint penalties of §2, the person in charge with it."""
