"""The second reference: the least a signed-in page costs on this stack, with no portal
code at all. Flask-Login reads the session cookie, its user loader fetches the user with
one SQLAlchemy query (SQLite), and the page says hello. The portal's pages do this and
then their own work, so their throughput cannot rise above this one's.

    gunicorn bench.floor:app       (GET /sign-in once for a cookie, then GET /hello)
"""
import os
import sqlite3
from pathlib import Path

from flask import Flask
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_sqlalchemy import SQLAlchemy

DATABASE = Path(os.environ.get("BENCH_FLOOR_DATABASE",
                               Path(__file__).resolve().parent / "work" / "floor.db"))


def _one_user():
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(DATABASE) as connection:  # both workers may get here at once
        connection.execute("CREATE TABLE IF NOT EXISTS user "
                           "(id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
        connection.execute("INSERT OR IGNORE INTO user (id, name) VALUES (1, 'floor')")


_one_user()
app = Flask(__name__)
app.config.update(SECRET_KEY="bench floor, not a secret",
                  SQLALCHEMY_DATABASE_URI=f"sqlite:///{DATABASE}")
db = SQLAlchemy(app)
login_manager = LoginManager(app)


class User(UserMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.Text, nullable=False)


@login_manager.user_loader
def load_user(user_id):
    return db.session.get(User, int(user_id))


@app.get("/")
def up():
    return "up"


@app.get("/sign-in")
def sign_in():
    login_user(db.session.get(User, 1))
    return "signed in"


@app.get("/hello")
@login_required
def hello():
    return f"hello {current_user.name}"
