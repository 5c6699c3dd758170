"""Reference data: Chinese provinces (GB/T 2260)."""
