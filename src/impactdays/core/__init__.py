"""Pure-Python computational core: selection, assignment, team formation, opinion mapping.

Nothing here imports Django or the project's apps; import-linter enforces it.
"""
