# The text formats CRM reads and writes: inbound email (RFC 5322), vCard, iCalendar.
