"""The recommendations' blueprint and its routes."""

from flask import Blueprint

bp = Blueprint("recommendations", __name__)
