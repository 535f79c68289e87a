"""Stores and queries: the on-disk store, canned SPARQL queries, remote stores, the read-only endpoint."""
