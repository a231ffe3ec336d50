"""Telegram layer: python-telegram-bot handlers around bot.library (no scoring here)."""
