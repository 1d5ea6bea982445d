"""Figures of the course (see the package docstring). Filled by the chapter that uses them."""

__all__ = []
