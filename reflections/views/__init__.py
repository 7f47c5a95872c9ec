"""Thin views for reflections, one module per audience: the card (attendees), the register (trainers),
insights (coordinators and lead trainers)."""
