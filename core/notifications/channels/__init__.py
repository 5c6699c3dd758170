"""Delivery channels: the adapter interface and the adapters core ships."""
