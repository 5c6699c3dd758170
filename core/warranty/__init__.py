"""Warranty decisions (保修判定): claims decided by the enabled plugins' rules, and recorded."""
