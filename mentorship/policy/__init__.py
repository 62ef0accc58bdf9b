"""Who may see or change what. Every access decision of the platform lives here.

Views ask these questions and never decide on their own; templates ask them too (the
`policy` Jinja global), never `has_role`. Conventions:

- a page reserved to a role answers 403 to other signed-in people, and sends anonymous
  visitors to the login page: the view says so with `@policy.requires(question)`;
- a person or record outside the reader's reach answers 404, so that an id in a URL
  reveals nothing about whether it exists (a coordinator never learns who belongs to
  another organisation): the view says so with `policy.ensure_reach(allowed)`.

The questions are grouped by area: `people` (accounts, roles, organisations),
`matching` (programmes, proposals, approvals, offers), `mentorships` and `outcomes`.
Everything is re-exported here, so `from mentorship import policy; policy.xxx` works.
"""

from .guards import ensure_reach, requires
from .matching import (
    ENROLMENT_REFUSALS,
    can_answer_offer,
    can_decide_for_organisation,
    can_manage_programmes,
    can_view_enrolments,
    can_view_offer,
    can_view_programme,
    can_view_proposal,
    decidable_proposals,
    decidable_sides,
    deciders,
    enrolable_programmes,
    enrolment_refusal,
    has_approval_queue,
    has_coordinator,
    is_party_to,
    reachable_proposals,
    stands_in,
)
from .mentorships import (
    can_edit_mentorship,
    can_propose_goal,
    can_read_close_note,
    can_read_note,
    can_view_mentorship,
    visible_mentorships,
)
from .outcomes import (
    can_export_participants,
    can_open_dashboards,
    can_open_metric_exports,
    can_open_participant_exports,
    can_see_member_rows,
    can_view_outcomes,
    outcome_scope,
)
from .people import (
    READERS,
    STAFF,
    can_accept_invitation,
    can_appoint_coordinators,
    can_grant_role,
    can_manage_organisations,
    can_manage_people,
    can_read_reports,
    can_view_mail_failures,
    can_view_members,
    can_view_organisation,
    can_view_person,
    coordinates,
    coordinators_of,
    invitation_ends_coordination,
    is_coordinator,
    is_staff,
    my_organisation,
    role_change_refusal,
    secretariat_condition,
    visible_people,
)

can_invite = can_view_members

__all__ = [
    "ENROLMENT_REFUSALS",
    "READERS",
    "STAFF",
    "can_accept_invitation",
    "can_answer_offer",
    "can_appoint_coordinators",
    "can_decide_for_organisation",
    "can_edit_mentorship",
    "can_export_participants",
    "can_grant_role",
    "can_invite",
    "can_manage_organisations",
    "can_view_mail_failures",
    "can_manage_people",
    "can_manage_programmes",
    "can_open_dashboards",
    "can_open_metric_exports",
    "can_open_participant_exports",
    "can_propose_goal",
    "can_read_close_note",
    "can_read_note",
    "can_read_reports",
    "can_see_member_rows",
    "can_view_enrolments",
    "can_view_members",
    "can_view_mentorship",
    "can_view_offer",
    "can_view_organisation",
    "can_view_outcomes",
    "can_view_person",
    "can_view_programme",
    "can_view_proposal",
    "coordinates",
    "coordinators_of",
    "decidable_proposals",
    "decidable_sides",
    "deciders",
    "enrolable_programmes",
    "enrolment_refusal",
    "ensure_reach",
    "has_approval_queue",
    "has_coordinator",
    "invitation_ends_coordination",
    "is_coordinator",
    "is_party_to",
    "is_staff",
    "my_organisation",
    "outcome_scope",
    "reachable_proposals",
    "requires",
    "role_change_refusal",
    "secretariat_condition",
    "stands_in",
    "visible_mentorships",
    "visible_people",
]

# --- The coordination features: one block per policy module ---------------------

from .constituents import (  # noqa: E402
    SPEAKERS,
    STEWARDS,
    can_edit_organisation,
    can_view_alliance_overview,
    holds,
    leads,
    organisations_held,
    organisations_stewarded,
    positions_in,
    speaks_for,
    stewards,
)

__all__ += [
    "SPEAKERS",
    "STEWARDS",
    "can_edit_organisation",
    "can_view_alliance_overview",
    "holds",
    "leads",
    "organisations_held",
    "organisations_stewarded",
    "positions_in",
    "speaks_for",
    "stewards",
]

from .orgspace import (  # noqa: E402
    belongs_to,
    can_define_onboarding,
    can_tick_onboarding,
    can_view_onboarding,
    ensure_tick_allowed,
)

__all__ += [
    "belongs_to",
    "can_define_onboarding",
    "can_tick_onboarding",
    "can_view_onboarding",
    "ensure_tick_allowed",
]

from .roles import (  # noqa: E402
    can_backdate_roles,
    can_manage_roles,
    can_manage_some_roles,
    can_view_delegates,
    can_view_roles,
)

__all__ += [
    "can_backdate_roles",
    "can_manage_roles",
    "can_manage_some_roles",
    "can_view_delegates",
    "can_view_roles",
]

from .joining import can_review_applications  # noqa: E402

__all__ += ["can_review_applications"]

from .positions import (  # noqa: E402
    answering_organisation_ids,
    can_answer_for,
    can_answer_positions,
    can_manage_positions,
    can_see_awaiting,
    can_withdraw_for,
    ensure_allowed,
    speaks_for_member,
)

__all__ += [
    "answering_organisation_ids",
    "can_answer_for",
    "can_answer_positions",
    "can_manage_positions",
    "can_see_awaiting",
    "can_withdraw_for",
    "ensure_allowed",
    "speaks_for_member",
]

from .partnerships import (  # noqa: E402
    answers_for,
    can_edit_listings,
    can_manage_introductions,
    can_mark_onboarding,
    can_record_partnership,
    can_view_introduction,
    can_view_introductions_admin,
    can_withdraw_introduction,
    has_stewards,
    stewards_condition,
)
from .partnerships import decidable_sides as introduction_sides  # noqa: E402

__all__ += [
    "answers_for",
    "can_edit_listings",
    "can_manage_introductions",
    "can_mark_onboarding",
    "can_record_partnership",
    "can_view_introduction",
    "can_view_introductions_admin",
    "can_withdraw_introduction",
    "has_stewards",
    "introduction_sides",
    "stewards_condition",
]

from .events import (  # noqa: E402
    can_create_series,
    can_organise,
    can_organise_series,
    can_see_join_link,
    can_see_registrations,
    can_see_session,
    is_in_audience,
    registration_refusal,
)

__all__ += [
    "can_create_series",
    "can_organise",
    "can_organise_series",
    "can_see_join_link",
    "can_see_registrations",
    "can_see_session",
    "is_in_audience",
    "registration_refusal",
]

from .event_pages import (  # noqa: E402
    can_see_series,
    ensure_series_reach,
    ensure_session_reach,
    visible_sessions,
)

__all__ += [
    "can_see_series",
    "ensure_series_reach",
    "ensure_session_reach",
    "visible_sessions",
]

from .events_minutes import (  # noqa: E402
    can_approve_minutes,
    can_mark_action_done,
    can_open_minutes,
    can_read_minutes,
    has_attended,
    minutes_change_refusal,
)

__all__ += [
    "can_approve_minutes",
    "can_mark_action_done",
    "can_open_minutes",
    "can_read_minutes",
    "has_attended",
    "minutes_change_refusal",
]

from .events_organising import (  # noqa: E402
    can_edit_session,
    can_have_certificate,
    can_manage_events,
    can_mark_attendance,
    can_see_attendance_summary,
)

__all__ += [
    "can_edit_session",
    "can_have_certificate",
    "can_manage_events",
    "can_mark_attendance",
    "can_see_attendance_summary",
]

from .events_registration import can_see_participants, sees_every_participant  # noqa: E402

__all__ += ["can_see_participants", "sees_every_participant"]

from .events_calendars import (  # noqa: E402
    calendar_shows_join_link,
    can_download_session_calendar,
    in_public_series_feed,
)

__all__ += [
    "calendar_shows_join_link",
    "can_download_session_calendar",
    "in_public_series_feed",
]

from .library import (  # noqa: E402
    can_assign_translators,
    can_delete_resource,
    can_edit_resource,
    can_propose_resource,
    can_publish_resource,
    can_read_file_version,
    can_review_translations,
    can_see_resource,
    can_see_translators,
    can_upload_file,
    can_view_translation_status,
    is_translator,
)
from .library import visible_condition as library_visible_condition  # noqa: E402

__all__ += [
    "can_assign_translators",
    "can_delete_resource",
    "can_edit_resource",
    "can_propose_resource",
    "can_publish_resource",
    "can_read_file_version",
    "can_review_translations",
    "can_see_resource",
    "can_see_translators",
    "can_upload_file",
    "can_view_translation_status",
    "is_translator",
    "library_visible_condition",
]

from .constituents import body_positions, in_body, in_body_kind  # noqa: E402
from .groups import (  # noqa: E402
    can_change_group_status,
    can_create_group,
    can_edit_charter,
    can_see_group,
    can_see_group_inside,
    group_positions,
    is_group_member,
    on_steering_committee,
    runs_group,
)

__all__ += [
    "body_positions",
    "can_change_group_status",
    "can_create_group",
    "can_edit_charter",
    "can_see_group",
    "can_see_group_inside",
    "group_positions",
    "in_body",
    "in_body_kind",
    "is_group_member",
    "on_steering_committee",
    "runs_group",
]

from .group_members import (  # noqa: E402
    assignable_positions,
    can_appoint_runners,
    can_ask_to_join,
    can_choose_roster_visibility,
    can_decide_requests,
    can_leave_group,
    can_manage_terms,
    can_nominate,
    can_refuse_nomination,
    can_see_request,
    can_see_roster_history,
    can_withdraw_request,
    in_alliance,
    may_be_liaison,
    nominates_for,
    nominates_for_some_organisation,
    nominating_organisation_ids,
    of_member_organisation,
    sees_on_roster,
)

__all__ += [
    "assignable_positions",
    "can_appoint_runners",
    "can_ask_to_join",
    "can_choose_roster_visibility",
    "can_decide_requests",
    "can_leave_group",
    "can_manage_terms",
    "can_nominate",
    "can_refuse_nomination",
    "can_see_request",
    "can_see_roster_history",
    "can_withdraw_request",
    "in_alliance",
    "may_be_liaison",
    "nominates_for",
    "nominates_for_some_organisation",
    "nominating_organisation_ids",
    "of_member_organisation",
    "sees_on_roster",
]

from .group_meetings import (  # noqa: E402
    can_invite_guests,
    can_schedule_meetings,
    can_see_group_meetings,
    is_meeting_guest,
)

__all__ += [
    "can_invite_guests",
    "can_schedule_meetings",
    "can_see_group_meetings",
    "is_meeting_guest",
]

from .recommendations import (  # noqa: E402
    can_comment,
    can_comment_as_member,
    can_comment_for_organisations,
    can_draft_recommendation,
    can_edit_recommendation,
    can_endorse,
    can_run_recommendation,
    can_see_comments,
    can_see_recommendation,
    voice_of_organisations,
)

__all__ += [
    "can_comment",
    "can_comment_as_member",
    "can_comment_for_organisations",
    "can_draft_recommendation",
    "can_edit_recommendation",
    "can_endorse",
    "can_run_recommendation",
    "can_see_comments",
    "can_see_recommendation",
    "voice_of_organisations",
]

from .results import (  # noqa: E402
    can_change_result_owner,
    can_export_results,
    can_link_result,
    can_see_result,
    can_see_result_link,
    can_update_result,
    is_result_owner,
    shows_name_in_group,
)

__all__ += [
    "can_change_result_owner",
    "can_export_results",
    "can_link_result",
    "can_see_result",
    "can_see_result_link",
    "can_update_result",
    "is_result_owner",
    "shows_name_in_group",
]

from .discussions import (  # noqa: E402
    can_choose_delivery,
    can_edit_post,
    can_moderate,
    can_post_in_group,
    can_read_discussion,
    can_read_thread,
    can_reply,
    discussion_condition,
    post_refusal,
)

__all__ += [
    "can_choose_delivery",
    "can_edit_post",
    "can_moderate",
    "can_post_in_group",
    "can_read_discussion",
    "can_read_thread",
    "can_reply",
    "discussion_condition",
    "post_refusal",
]

from .theme_proposals import (  # noqa: E402
    acts_for_proposer,
    can_comment_on_themes,
    can_manage_theme_proposals,
    can_propose_for_group,
    can_propose_for_organisation,
    can_propose_themes,
    can_read_theme_comments,
    can_translate_theme_proposals,
    can_withdraw_theme_proposal,
    proposing_body_ids,
    proposing_organisation_ids,
)

__all__ += [
    "acts_for_proposer",
    "can_comment_on_themes",
    "can_manage_theme_proposals",
    "can_propose_for_group",
    "can_propose_for_organisation",
    "can_propose_themes",
    "can_read_theme_comments",
    "can_translate_theme_proposals",
    "can_withdraw_theme_proposal",
    "proposing_body_ids",
    "proposing_organisation_ids",
]

from .decisions import (  # noqa: E402
    answering_or_leading_ids,
    can_grant_proxy,
    can_manage_decisions,
    can_revoke_proxy,
    can_see_awaiting_page,
    can_see_decision,
    can_see_participation_list,
    voting_authority,
)

__all__ += [
    "answering_or_leading_ids",
    "can_grant_proxy",
    "can_manage_decisions",
    "can_revoke_proxy",
    "can_see_awaiting_page",
    "can_see_decision",
    "can_see_participation_list",
    "voting_authority",
]

from .agm import (  # noqa: E402
    agm_allows_vote,
    agm_granting_ids,
    agm_speaker_ids,
    agm_vote_refusal,
    can_hand_agm_vote,
    can_manage_agm,
    can_revoke_agm_proxy,
    can_see_agenda_item,
    can_see_agm_proxies,
    can_use_check_in_desk,
    check_in_refusal,
)

__all__ += [
    "agm_allows_vote",
    "agm_granting_ids",
    "agm_speaker_ids",
    "agm_vote_refusal",
    "can_hand_agm_vote",
    "can_manage_agm",
    "can_revoke_agm_proxy",
    "can_see_agenda_item",
    "can_see_agm_proxies",
    "can_use_check_in_desk",
    "check_in_refusal",
]

from .consultations import (  # noqa: E402
    RESPONDERS,
    belongs_to_org,
    can_manage_consultations,
    can_prepare_response,
    can_request_extension,
    can_see_consultation_results,
    can_submit_response,
    preparing_organisation_ids,
    shows_organisation_names,
    submits_for,
    submitting_organisation_ids,
)

__all__ += [
    "RESPONDERS",
    "belongs_to_org",
    "can_manage_consultations",
    "can_prepare_response",
    "can_request_extension",
    "can_see_consultation_results",
    "can_submit_response",
    "preparing_organisation_ids",
    "shows_organisation_names",
    "submits_for",
    "submitting_organisation_ids",
]

from .elections import (  # noqa: E402
    can_give_offices,
    can_manage_elections,
    can_nominate_for,
    can_read_nomination,
    can_see_committee_space,
    can_withdraw_nomination,
    election_nominator_ids,
    is_candidate,
)

__all__ += [
    "can_manage_elections",
    "can_nominate_for",
    "can_read_nomination",
    "can_see_committee_space",
    "can_withdraw_nomination",
    "is_candidate",
    "election_nominator_ids",
    "can_give_offices",
]

# -- part record
from .elections import can_read_election_record, can_vote_in_election  # noqa: E402

__all__ += ["can_read_election_record", "can_vote_in_election"]

from .elections import can_see_election, may_nominate  # noqa: E402

__all__ += ["can_see_election", "may_nominate"]

# -- part space
from .elections import (  # noqa: E402
    can_edit_committee_report,
    can_publish_committee_reports,
    can_read_committee_report,
    can_read_committee_reports,
    can_schedule_committee_meetings,
    can_write_committee_reports,
)

__all__ += [
    "can_edit_committee_report",
    "can_publish_committee_reports",
    "can_read_committee_report",
    "can_read_committee_reports",
    "can_schedule_committee_meetings",
    "can_write_committee_reports",
]

from .metrics import (  # noqa: E402
    METRICS_SUBMITTERS,
    can_enter_metrics,
    can_manage_metrics,
    can_read_organisation_metrics,
    metrics_organisation_ids,
    submits_metrics_for,
)

__all__ += [
    "METRICS_SUBMITTERS",
    "can_enter_metrics",
    "can_manage_metrics",
    "can_read_organisation_metrics",
    "metrics_organisation_ids",
    "submits_metrics_for",
]

from .metrics import can_publish_metrics  # noqa: E402

__all__ += ["can_publish_metrics"]

from .reports import can_manage_annual_reports, can_read_annual_report  # noqa: E402

__all__ += ["can_manage_annual_reports", "can_read_annual_report"]

from .webhooks import (  # noqa: E402
    can_manage_webhooks,
    can_view_webhooks,
    ensure_can_manage_webhooks,
)

__all__ += ["can_manage_webhooks", "can_view_webhooks", "ensure_can_manage_webhooks"]

from .api import (  # noqa: E402
    MAX_TOKEN_DAYS,
    SCOPES,
    TOKEN_UNUSABLE,
    can_manage_organisation_tokens,
    can_manage_personal_tokens,
    can_read_own_account,
    can_register_for,
    has_scope,
    own_mentorships,
    token_refusal,
    token_scopes_for,
)

__all__ += [
    "MAX_TOKEN_DAYS",
    "SCOPES",
    "TOKEN_UNUSABLE",
    "can_manage_organisation_tokens",
    "can_manage_personal_tokens",
    "can_read_own_account",
    "can_register_for",
    "has_scope",
    "own_mentorships",
    "token_refusal",
    "token_scopes_for",
]
