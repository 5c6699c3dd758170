"""Office audits (办事处稽查, DOMAIN §12, 001 篇1 办事处审计检查管理制度 第一–四条): the audit group's
plan for each office — content, method, completion date, costs — carried out; offices cannot refuse."""
