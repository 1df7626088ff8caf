"""Uploaded images and documents: who may change or delete them, and what an upload must be before it is stored."""
