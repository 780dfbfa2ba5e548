"""``python -m marsad`` runs the command-line interface."""
from .cli import app

app(prog_name="marsad")
