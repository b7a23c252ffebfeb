"""The card ledger's card under the cursor said whole, under the list: at 80 columns the
list cuts the kind, the holder and the place a card was found, and its 「紛失 38日後」 did
not say after what (walk7 M3, M4). Also what `l` does on a lost card (cancels the loss)."""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len

from inspector.domain.cards import CardEventKind, CardState, CardStatus, format_delay
from inspector.i18n import Translator
from inspector.tui.text import fit


def card_detail(t: Translator, state: CardState | None, values: Mapping[str, str]) -> str:
    """One card's row whole (`values`: the list's texts by column), its loss with the delay
    after the last sighting, and on a lost card the key that cancels the loss."""
    if state is None:
        return ""
    status = t(f"site.card.status.{state.status.value}")
    if state.loss_delay is not None:
        days, hours = format_delay(state.loss_delay)
        status = t(
            "tui7b.cards.status_delay",
            status=status,
            delay=t("site.card.loss_delay", days=days, hours=hours),
        )
    parts = [values.get(key, "") for key in ("number", "kind", "use", "holder")]
    parts.append(status)
    if values.get("check"):
        parts.append(t("tui7b.cards.check", check=values["check"]))
    text = "  ".join(part for part in parts if part)
    if state.status is CardStatus.LOST:
        text += "  " + t("tui7b.cards.cancel_hint")
    return text


def check_word(t: Translator, kind: CardEventKind) -> str:
    """The check's word for the list's column: short where the whole word is longer than
    the column (「別の場所で発見」 showed as 「別の場…」), as the footer says it (e 別の場所)."""
    key = f"tui7b.cards.check_short.{kind.value}"
    word = t(key)
    return t(f"site.card.event.{kind.value}") if word == key else word


def check_cell(event: str, place: str, width: int, lang: str = "ja") -> str:
    """The 現地確認 cell: the check's word always whole (「別の場…」 hid the check itself),
    the place after it as far as it fits, in the brackets of the interface's language
    (office15: 「Elsewhere（机の…」 in English)."""
    opening, closing = ("（", "）") if lang == "ja" else (" (", ")")
    whole = f"{event}{opening}{place}{closing}" if place else event
    if cell_len(whole) <= width or cell_len(event) > width:
        return fit(whole, width)
    if cell_len(event) + 3 <= width:  # room for （…
        return event + fit(f"{opening}{place}{closing}", width - cell_len(event))
    return event


__all__ = ["card_detail", "check_cell", "check_word"]
