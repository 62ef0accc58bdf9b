"""The discussions' blueprint and its routes."""

from flask import Blueprint

bp = Blueprint("discussions", __name__)
