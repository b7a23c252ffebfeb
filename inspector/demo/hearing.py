"""The demo's hearing cases: people who answered "yes" classified as in 000, mostly
ケース1, one ケース6 flagged for a detailed hearing, the last one left to classify."""

from __future__ import annotations

from inspector.domain.checklist import Checklist
from inspector.domain.hearing import hearing_questions, yes_questions
from inspector.store.repositories.hearing import HearingRepository
from inspector.store.repository import Repository

_DEMO_CASES = ("case1", "case1", "case2", "case1", "case3", "case1", "case4", "case2", "case6")


def add_demo_hearing_cases(repo: Repository, checklist: Checklist, actor: str = "demo") -> int:
    """Classify the demo's hearing cases (people who answered "yes"), mostly ケース1 as in
    000, one ケース6 flagged for a detailed hearing; leaves the last case unclassified.
    Returns how many were classified."""
    hearing = HearingRepository(repo.engine)
    questions = hearing_questions(checklist)
    sessions = sorted(
        (s for s in repo.sessions(checklist_id=checklist.id) if s.respondent_id is not None),
        key=lambda s: s.id,
    )
    answers = repo.answer_counts(s.id for s in sessions)
    cases = [s for s in sessions if yes_questions(answers.get(s.id, {}), questions)]
    for index, session in enumerate(cases[:-1]):
        case_id = _DEMO_CASES[index % len(_DEMO_CASES)]
        hearing.classify(
            session.id,
            case_id,
            detailed_hearing=case_id == "case6",
            note="",
            actor=actor,
        )
    return max(len(cases) - 1, 0)
