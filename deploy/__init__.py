"""Operations scripts run by hand or from cron (see docs/operations.md)."""
