"""The reference: a bare Flask app answering "hello", served with the same gunicorn
settings as the portal, so each page's throughput can be read as a share of it."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
