"""Issued letters as signed PDFs: rendering, signing, delivery, public verification."""
