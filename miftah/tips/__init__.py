"""The secure tip line: sources send text and files without an account, sealed on arrival to the newsroom's public
key; editors read them with the private key on their own machine or for one admin request.
See docs/security/tip-line.md.
"""
