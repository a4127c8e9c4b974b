"""Writes MovieLens (ml-latest-small's movies.csv and ratings.csv, read in place) as an export.
The text embedding is each movie's genres as a unit-length one-hot vector (a stand-in for the
encoder's embedding of the movie's text; movies without genres get zeros)."""
import csv
from pathlib import Path

import numpy as np

from .export_format import Event, write_export

NO_GENRES = "(no genres listed)"
TEXT_MODEL = "movielens-genres-one-hot"


def read_movielens(directory):
    directory = Path(directory)
    for name in ("movies.csv", "ratings.csv"):
        if not (directory / name).is_file():
            raise FileNotFoundError(f"{directory / name} not found (MovieLens ml-latest-small: ../shared/data/movielens-latest-small)")
    with open(directory / "movies.csv", newline="", encoding="utf-8") as f:
        movies = [(row["movieId"], row["title"].strip(), [] if row["genres"] == NO_GENRES else row["genres"].split("|"))
                  for row in csv.DictReader(f)]
    with open(directory / "ratings.csv", newline="", encoding="utf-8") as f:
        events = [Event(row["userId"], row["movieId"], "rating", float(row["timestamp"])) for row in csv.DictReader(f)]
    return movies, events


def genre_embeddings(movies) -> np.ndarray:
    genres = sorted({g for _, _, movie_genres in movies for g in movie_genres})
    column = {g: i for i, g in enumerate(genres)}
    embeddings = np.zeros((len(movies), len(genres)), dtype=np.float32)
    for row, (_, _, movie_genres) in enumerate(movies):
        for g in movie_genres:
            embeddings[row, column[g]] = 1.0 / np.sqrt(len(movie_genres))
    return embeddings


def export_movielens(data_directory, export_directory):
    movies, events = read_movielens(data_directory)
    write_export(export_directory, [m[0] for m in movies], [m[1] for m in movies], genre_embeddings(movies), events, TEXT_MODEL)
    return len(movies), len(events)
