"""The member's home page: what waits for her and what comes next, in a few queries.

The page is made of panels that features register (`core.panels`): in "home.notices"
what waits for her (decisions, offers, surveys due), in "home.sections" her
mentorships and the programmes open for enrolment. Each panel's data is gathered
here, before rendering: the template runs no query of its own.
"""

from dataclasses import dataclass

from ..core import panels


@dataclass(frozen=True)
class Home:
    notices: list  # of core.panels.Shown
    sections: list


def member_home(user, today):
    """Every panel of her home page, for the signed-in `user`."""
    # Her mentorships first: the surveys' mentorships are then already loaded.
    sections = panels.gather("home.sections", user, today)
    return Home(notices=panels.gather("home.notices", user, today), sections=sections)
