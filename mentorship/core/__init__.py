"""The shared kernel that features stand on; it imports no feature.

errors (ServiceError), transitions (conditional UPDATE + audit row), notifications
(emails and jobs sent only after commit), schedule (reminders relative to a moment),
calendar (.ics), pagination, signals (cross-feature reactions), translated (content
written in one language, read in all), memberships (positions held for a term).
"""
