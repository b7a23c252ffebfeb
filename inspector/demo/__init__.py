"""`inspector demo`: the fictional city (みどり市) a new user sees.

`city` builds it (organizations, people, sessions and answers); `findings`, `hearing` and
`site` add the findings and plans, the ID and password hearing, and the server room,
cards and backup media.
"""

from inspector.demo.city import CITY, build_demo, is_demo_roster

__all__ = ["CITY", "build_demo", "is_demo_roster"]
