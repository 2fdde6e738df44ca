"""Hostile statements through the CLI (issue 15): each is read or refused, quickly and in
bounded memory, never with a traceback."""
