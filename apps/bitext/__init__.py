"""Tawazi's text algorithms: pure, typed Python over str and dataclasses, with no Django imports."""
