from flask import Blueprint

bp = Blueprint("mydata", __name__)
