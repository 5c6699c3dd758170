"""Tenant single sign-on: each tenant may let its staff log in with the company's OpenID Connect
identity provider (issuer discovery, authorization code with PKCE, state and nonce kept
server-side and spent once, ID tokens checked against the issuer's keys), with users created just
in time and their role mapped from a claim, and optionally "SSO only" with one break-glass
administrator who keeps a password."""
