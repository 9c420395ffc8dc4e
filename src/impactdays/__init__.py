"""Impact Days: a platform for collaborative-city forums."""
