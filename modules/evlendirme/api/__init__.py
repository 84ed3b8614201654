"""Evlendirme's JSON API under ``/api/v1/evlendirme`` (flask-smorest)."""

from flask_smorest import Blueprint

blp = Blueprint("evlendirme_api", __name__, url_prefix="/api/v1/evlendirme",
                description="Evlendirme: başvuru, engel denetimi, nikâh takvimi, nikâh ve tescil")
