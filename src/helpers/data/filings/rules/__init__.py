"""Cleaning rules, one small module each, so each has its own fixture and its own test."""
