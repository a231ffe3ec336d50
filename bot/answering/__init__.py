"""Question -> Answer: ranked passages, the best sentence, a citation, or a decline.

One module per job, in the order a question goes through them (answerer.py wires them):
analysis.py (the question read once), vocabulary.py (its words matched: units),
candidates.py (BM25), ranking.py (features × weights), highlight.py (the sentence shown),
decline.py (answer or the reason not to). question.py and bot/cues.py hold the English
patterns of questions and of sentences; query.py, facts.py and evidence.py what these
share. Every switch and weight is a field of bot/rules.py's RuleSettings. docs/quality.md
says what each step is worth.
"""

from bot.answering.answerer import Answerer
from bot.answering.result import EMPTY, NOT_COVERED, WEAK, Answer, Hit

__all__ = ["EMPTY", "NOT_COVERED", "WEAK", "Answer", "Answerer", "Hit"]
