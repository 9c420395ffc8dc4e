"""Team formation: maximally diverse grouping (MDGP) with the forum's rules.

``form_diverse_teams`` solves the plain problem; ``form_forum_teams`` adds preferred challenges,
keep-apart and keep-together pairs; ``diversity_distances`` builds distances from attributes.
"""
