"""The results' blueprint and its routes."""

from flask import Blueprint

bp = Blueprint("results", __name__)
